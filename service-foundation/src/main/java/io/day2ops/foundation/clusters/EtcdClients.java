package io.day2ops.foundation.clusters;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.io.File;
import java.io.IOException;

/** jetcd clients for a cluster's configured etcd endpoints ({@code day2.clusters.<name>.etcd.*}), TLS when set. */
public final class EtcdClients {

    private EtcdClients() {}

    /** A client for {@code etcd}'s endpoints; the caller closes it. */
    public static Client open(ClustersConfig.Etcd etcd) throws IOException {
        ClientBuilder builder = Client.builder()
                .endpoints(etcd.endpoints().orElseThrow().toArray(String[]::new))
                .connectTimeout(etcd.timeout());
        if (etcd.caFile().isPresent() || etcd.certFile().isPresent()) {
            builder.sslContext(ssl -> {
                etcd.caFile().ifPresent(ca -> ssl.trustManager(new File(ca)));
                if (etcd.certFile().isPresent()) {
                    ssl.keyManager(
                            new File(etcd.certFile().get()),
                            new File(etcd.keyFile()
                                    .orElseThrow(() -> new IllegalArgumentException(
                                            "etcd cert-file is set but key-file is not"))));
                }
            });
        }
        return builder.build();
    }
}
