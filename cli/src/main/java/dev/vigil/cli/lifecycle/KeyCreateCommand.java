package dev.vigil.cli.lifecycle;

import dev.vigil.lifecycle.LifecycleConfig;
import dev.vigil.lifecycle.auth.ApiKeys;
import dev.vigil.lifecycle.auth.Role;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil lifecycle create-key --tenant T --role R [--name N]}: a new API key, printed once, and the entry to add
 * to {@code vigil.lifecycle.api-keys} (which holds only the key's SHA-256).
 */
@Command(name = "create-key", mixinStandardHelpOptions = true,
        description = {"Create an API key for the lifecycle API. The key is printed once: keep it; the service stores only",
                "its SHA-256, in the entry printed for " + LifecycleConfig.API_KEYS + "."})
public final class KeyCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--tenant", required = true, description = "The tenant the key acts for, or * for an operator key across tenants.")
    String tenant;

    @Option(names = "--role", required = true, description = "viewer, responder or admin.")
    String role;

    @Option(names = "--name", description = "Recorded as the actor of what the key does (default key:<id>).")
    String name;

    @Override
    public Integer call() {
        ApiKeys.Created created = ApiKeys.create(tenant, Role.parse(role), name);
        PrintWriter out = spec.commandLine().getOut();
        out.println("key:   " + created.key());
        out.println("entry: " + created.entry());
        out.println("Add the entry to " + LifecycleConfig.API_KEYS + " (comma-separated with the others) and restart the "
                + "service; send the key as Authorization: Bearer <key>. The key is not stored anywhere: keep it now.");
        out.flush();
        return 0;
    }
}
