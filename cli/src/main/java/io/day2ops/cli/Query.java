package io.day2ops.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A query string from the options that were given (null ones left out). */
final class Query {

    private final Map<String, String> params = new LinkedHashMap<>();

    private Query() {}

    /** From pairs: name, value, name, value, ... */
    static Query of(String... pairs) {
        Query query = new Query();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            query.and(pairs[i], pairs[i + 1]);
        }
        return query;
    }

    Query and(String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
        return this;
    }

    @Override
    public String toString() {
        return params.isEmpty()
                ? ""
                : params.entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&", "?", ""));
    }
}
