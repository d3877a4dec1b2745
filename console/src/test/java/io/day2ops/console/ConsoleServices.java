package io.day2ops.console;

import io.day2ops.testing.PeerServices;
import java.util.HashMap;
import java.util.Map;

/** The four services, packaged, on the test's broker, database and issuer; the console is pointed at them. */
public class ConsoleServices extends PeerServices {

    public ConsoleServices() {
        super(PeerServices.ALL);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        // the clusters are the services' business: the console reaches none (and has no RBAC for any)
        config.keySet().removeIf(key -> key.startsWith("day2.clusters."));
        for (String service : new String[] {"scheduler", "backup", "upgrade", "dr"}) {
            config.put("day2.console.services." + service, config.get("test." + service + "-service.url"));
        }
        return config;
    }
}
