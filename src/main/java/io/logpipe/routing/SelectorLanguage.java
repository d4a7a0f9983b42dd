package io.logpipe.routing;

import io.logpipe.event.LogEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.spi.annotations.Language;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.camel.support.LanguageSupport;

/** Camel glue for {@link Selector}: {@code language: {language: selector, expression: "auth,authpriv.*"}}. */
@Language("selector")
public class SelectorLanguage extends LanguageSupport {

    @Override
    public Predicate createPredicate(String expression) {
        Selector selector = Selector.parse(loadResource(expression)); // fail at route load, not per message
        return new Predicate() {
            @Override
            public boolean matches(Exchange exchange) {
                Object body = exchange.getMessage().getBody();
                return body instanceof LogEvent e && selector.matches(e);
            }

            @Override
            public String toString() {
                return "selector:" + selector;
            }
        };
    }

    @Override
    public Expression createExpression(String expression) {
        Predicate p = createPredicate(expression);
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return p.matches(exchange);
            }
        };
    }
}
