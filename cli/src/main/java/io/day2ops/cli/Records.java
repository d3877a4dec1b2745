package io.day2ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code get [NAME]} of records a service keeps: one described field by field, or a table of the newest. */
final class Records {

    private Records() {}

    static int show(
            Common common,
            String service,
            String collection,
            String name,
            String cluster,
            List<Output.Column> columns) {
        if (name != null) {
            JsonNode record = common.api().get(service, collection + "/" + name);
            if ("table".equals(common.output())) {
                Describer.print(common.out(), record);
            } else {
                Output.print(common.out(), common.output(), record, columns);
            }
            return 0;
        }
        Output.print(
                common.out(),
                common.output(),
                common.api().get(service, collection + Query.of("cluster", cluster)),
                columns);
        return 0;
    }
}
