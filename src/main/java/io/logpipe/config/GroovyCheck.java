package io.logpipe.config;

import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;

/**
 * A route's {@code groovy:} expression or script compiled the way camel-groovy will, so a syntax error is
 * a {@code file:line} problem at validate time instead of a failure when the first event arrives.
 */
final class GroovyCheck {
    private GroovyCheck() {}

    /**
     * @param line the YAML line of the {@code groovy:} key
     * @param block whether the script is a literal block ({@code groovy: |}), whose first line is the next one
     */
    static List<Problem> problems(String file, int line, boolean block, String script) {
        List<Problem> out = new ArrayList<>();
        try {
            new groovy.lang.GroovyShell().parse(script, "route.groovy");
        } catch (MultipleCompilationErrorsException e) {
            for (Object m : e.getErrorCollector().getErrors()) {
                if (m instanceof SyntaxErrorMessage s) {
                    int at = line
                            + (block ? s.getCause().getLine() : s.getCause().getLine() - 1);
                    out.add(new Problem(
                            file,
                            at,
                            "groovy: " + s.getCause().getOriginalMessage() + " (script line "
                                    + s.getCause().getLine() + ", column "
                                    + s.getCause().getStartColumn() + ")"));
                } else {
                    out.add(new Problem(file, line, "groovy: " + m));
                }
            }
        } catch (CompilationFailedException e) {
            out.add(new Problem(file, line, "groovy: " + e.getMessage()));
        }
        return out;
    }
}
