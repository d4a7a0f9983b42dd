package io.logpipe.store.lucene;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;

/**
 * A message indexed as its overlapping three-character pieces, lower case, one position each, so
 * "contains this text, ignoring case" (what the SQL stores answer with ILIKE) is exact: a phrase of
 * the search text's pieces at their offsets. Two end marks pad the message so that every character
 * starts a piece, and a search of one or two characters is a prefix of some piece.
 */
final class Trigrams {
    /** A noncharacter: no sender's text means it, and it sorts after every real character. */
    static final int END = 0xFFFF;
    /** The pieces indexed per message; a longer message is searchable in its first 64k characters. */
    static final int MAX_PIECES = 65_536;

    private Trigrams() {}

    /** Lower case one character at a time, so a piece of a text lowers the same as the text around it. */
    static int[] normalize(String text) {
        char[] chars = text.toCharArray();
        int[] out = new int[chars.length];
        return Arrays.copyOf(out, normalize(chars, chars.length, out));
    }

    /**
     * The first {@code length} chars of {@code in} as lower-cased code points in {@code out} (at
     * least {@code length} long); returns how many. A loop, not a stream: this runs on every indexed
     * message, on the index writer's thread, the default pipeline's slowest stage.
     */
    static int normalize(char[] in, int length, int[] out) {
        int n = 0;
        for (int i = 0; i < length; ) {
            int cp = Character.codePointAt(in, i, length);
            i += Character.charCount(cp);
            out[n++] = Character.toLowerCase(cp);
        }
        return n;
    }

    /** The query for "message contains text, ignoring case"; null for empty text (no condition). */
    static Query contains(String field, String text) {
        if (text == null || text.isEmpty()) return null;
        int[] cps = normalize(text);
        if (cps.length < 3) return new PrefixQuery(new Term(field, new String(cps, 0, cps.length)));
        // pieces every third character, and the last: together they fix every character of the text
        PhraseQuery.Builder phrase = new PhraseQuery.Builder();
        for (int i = 0; i < cps.length - 2; i += 3) phrase.add(new Term(field, new String(cps, i, 3)), i);
        if ((cps.length - 3) % 3 != 0) phrase.add(new Term(field, new String(cps, cps.length - 3, 3)), cps.length - 3);
        return phrase.build();
    }

    static final class TrigramAnalyzer extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            return new TokenStreamComponents(new TrigramTokenizer());
        }
    }

    private static final class TrigramTokenizer extends Tokenizer {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        // reused from message to message (one tokenizer per indexing thread); a large message's buffers are let go
        private char[] chars = new char[INITIAL];
        private int[] cps = new int[INITIAL + 2];
        private int next;
        private int count;
        private static final int INITIAL = 1024, KEEP = 16 * 1024;

        @Override
        public void reset() throws IOException {
            super.reset();
            int length = 0;
            for (int n; (n = input.read(chars, length, chars.length - length)) > 0; ) {
                length += n;
                if (length == chars.length) chars = Arrays.copyOf(chars, length * 2);
            }
            if (cps.length < length + 2) cps = new int[chars.length + 2];
            count = Math.min(normalize(chars, length, cps), MAX_PIECES);
            cps[count] = END;
            cps[count + 1] = END;
            next = 0;
        }

        @Override
        public void close() throws IOException {
            super.close();
            if (chars.length > KEEP) {
                chars = new char[INITIAL];
                cps = new int[INITIAL + 2];
            }
        }

        @Override
        public boolean incrementToken() {
            if (next >= count) return false;
            clearAttributes();
            char[] buffer = term.resizeBuffer(6);
            int length = 0;
            for (int i = next; i < next + 3; i++) length += Character.toChars(cps[i], buffer, length);
            term.setLength(length);
            next++;
            return true;
        }
    }
}
