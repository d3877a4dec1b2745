package io.day2ops.backup.restore.actions;

import io.day2ops.backup.restore.RestoreContext;
import io.day2ops.backup.restore.RestoreItemAction;
import io.day2ops.backup.restore.RestoreItemInput;
import jakarta.inject.Singleton;

/** A service account token Secret is never restored: the target cluster issues its own. */
@Singleton
public class ServiceAccountTokenSkip implements RestoreItemAction {

    @Override
    public boolean appliesTo(String resource) {
        return resource.equals("secrets");
    }

    @Override
    public Result execute(RestoreItemInput item, RestoreContext restore) {
        return "kubernetes.io/service-account-token"
                        .equals(item.backedUp().path("type").asText())
                ? Result.skip("a service account token: the target cluster issues its own")
                : Result.proceed();
    }

    @Override
    public int order() {
        return 0;
    }
}
