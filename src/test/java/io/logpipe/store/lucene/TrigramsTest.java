package io.logpipe.store.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class TrigramsTest {
    private static final String END = new String(Character.toChars(Trigrams.END));

    /** The pieces as the old stream-based code made them: lower-cased code points, two end marks, every start. */
    private static List<String> expected(String text) {
        int[] cps = text.codePoints().map(Character::toLowerCase).toArray();
        String padded = new String(cps, 0, cps.length) + END + END;
        int[] all = padded.codePoints().toArray();
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < Math.min(cps.length, Trigrams.MAX_PIECES); i++) pieces.add(new String(all, i, 3));
        return pieces;
    }

    private static List<String> pieces(Trigrams.TrigramAnalyzer analyzer, String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(EventDocuments.MESSAGE, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) out.add(term.toString());
            ts.end();
        }
        return out;
    }

    @Test
    void normalizeLowersEachCodePoint() {
        String text = "Grüße ÄÖÜ İstanbul 𝐀𝐁 \uD83D\uDE00 ΣΑΣ";
        assertArrayEquals(text.codePoints().map(Character::toLowerCase).toArray(), Trigrams.normalize(text));
    }

    @Test
    void theTokenizerMakesThePiecesOfEachMessageInTurnWhateverItsLength() throws IOException {
        var analyzer = new Trigrams.TrigramAnalyzer();
        String big = "Ab\uD83D\uDE00c".repeat(9_000); // beyond the initial buffer and beyond what is kept
        for (String text : new String[] {"a", "ab", "Hello World", big, "after a big one", "x".repeat(1024), ""}) {
            assertEquals(expected(text), pieces(analyzer, text), text.length() > 40 ? text.length() + " chars" : text);
        }
    }
}
