package io.logpipe.alert;

import java.util.List;
import java.util.Map;

/** The rules and notifiers of every alert file, checked together (ids unique, every notify reference defined). */
public record RuleSet(List<AlertRule> rules, Map<String, NotifierConfig> notifiers) {
    public static final RuleSet EMPTY = new RuleSet(List.of(), Map.of());
}
