package io.logpipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README is the front door: short, linking every page of docs/, and no link leads nowhere. */
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");

    static List<Path> markdown() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CONTRIBUTING.md")));
        try (Stream<Path> s = Files.walk(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
    static String anchor(String heading) {
        return heading.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                .replace(' ', '-');
    }

    static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new HashSet<>();
        boolean code = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) code = !code;
            Matcher m = HEADING.matcher(line);
            if (!code && m.matches()) out.add(anchor(m.group(1)));
        }
        return out;
    }

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : markdown()) {
            boolean code = false;
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("```")) code = !code;
                if (code) continue;
                Matcher m = LINK.matcher(line);
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-z]+:.*")) continue; // http:, https:, mailto:
                    checked++;
                    String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                    String frag = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                    Path resolved = file.isEmpty()
                            ? page
                            : page.toAbsolutePath().getParent().resolve(file).normalize();
                    if (!Files.exists(resolved)) {
                        broken.add(page + ":" + (i + 1) + ": " + target + " (no such file)");
                    } else if (frag != null && !anchors(resolved).contains(frag)) {
                        broken.add(page + ":" + (i + 1) + ": " + target + " (no such heading)");
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(checked > 40, "links checked: " + checked);
    }

    @Test
    void theReadmeIsShortAndLinksEveryPage() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        assertTrue(readme.size() <= 250, "README.md has " + readme.size() + " lines");
        String text = String.join("\n", readme);
        List<String> unlinked = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".md")).sorted().toList())
                if (!text.contains("(docs/" + p.getFileName() + ")")) unlinked.add(p.toString());
        }
        assertTrue(text.contains("(docs/decisions/)"), "README links the decision records");
        assertEquals(List.of(), unlinked, "docs pages the README does not link");
    }
}
