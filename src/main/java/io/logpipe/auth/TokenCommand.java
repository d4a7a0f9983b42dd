package io.logpipe.auth;

import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar quarkus-run.jar token create NAME --roles read | list | delete NAME}: manages the
 * stored tokens of {@code <logpipe.data.dir>/auth/tokens}, beside a running logpipe or not (it picks
 * changes up within a second). {@code create} prints the secret, the only time it is shown.
 */
public class TokenCommand implements QuarkusApplication {
    static final String USAGE =
            "usage: token create NAME --roles ROLES | token list | token delete NAME   (ROLES: read, ingest, ingest:NAME, admin; comma-separated)";

    @Inject
    TokenService tokens;

    @Override
    public int run(String... args) {
        return run(tokens.registry(), Arrays.asList(args).subList(1, args.length), System.out, System.err);
    }

    /** {@code args} without the leading "token". */
    static int run(TokenRegistry registry, List<String> args, PrintStream out, PrintStream err) {
        try {
            String verb = args.isEmpty() ? "" : args.get(0);
            switch (verb) {
                case "create" -> {
                    if (args.size() != 4 || !args.get(2).equals("--roles")) return usage(err);
                    String secret = registry.create(args.get(1), Roles.parse(args.get(3)));
                    out.println(secret);
                    err.printf(
                            "created token '%s' with roles %s; the line above is its secret, shown only now: send it as 'Authorization: Bearer <secret>'%n",
                            args.get(1), Roles.parse(args.get(3)));
                    return 0;
                }
                case "list" -> {
                    if (args.size() != 1) return usage(err);
                    for (Token t : registry.list()) {
                        out.printf(
                                "%s\t%s\t%s\t%s%n",
                                t.name(), t.roles(), t.origin(), t.created() == null ? "-" : t.created());
                    }
                    return 0;
                }
                case "delete" -> {
                    if (args.size() != 2) return usage(err);
                    if (!registry.delete(args.get(1))) {
                        err.println("no stored token '" + args.get(1) + "'");
                        return 1;
                    }
                    err.println("deleted token '" + args.get(1) + "'");
                    return 0;
                }
                default -> {
                    return usage(err);
                }
            }
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("token: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err) {
        err.println(USAGE);
        return 2;
    }
}
