package dev.vigil.notifier.testing;

import dev.vigil.avro.Alert;
import dev.vigil.notifier.channel.Channel;
import dev.vigil.notifier.channel.DeliveryResult;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A channel that answers from a script (results or exceptions, in order) and remembers the delivery ids it saw. */
public class ScriptedChannel implements Channel {

    private final Deque<Object> script = new ArrayDeque<>();
    private final List<String> deliveryIds = new ArrayList<>();
    private final List<String> secrets;

    public ScriptedChannel(List<String> secrets, Object... answers) {
        this.secrets = secrets;
        script.addAll(List.of(answers));
    }

    public ScriptedChannel(Object... answers) {
        this(List.of(), answers);
    }

    @Override
    public String type() {
        return "scripted";
    }

    @Override
    public String target() {
        return "scripted://target";
    }

    @Override
    public List<String> secrets() {
        return secrets;
    }

    @Override
    public DeliveryResult send(Alert alert, String deliveryId) throws IOException {
        deliveryIds.add(deliveryId);
        Object next = script.isEmpty() ? DeliveryResult.delivered(null) : script.removeFirst();
        if (next instanceof IOException e) {
            throw e;
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return (DeliveryResult) next;
    }

    /** A scripted channel that follows the alert lifecycle, answering lifecycle notices from the same script. */
    public static ScriptedChannel followingLifecycle(Object... answers) {
        return new ScriptedChannel(answers) {
            @Override
            public boolean followsLifecycle() {
                return true;
            }

            @Override
            public DeliveryResult sendLifecycle(dev.vigil.notifier.channel.LifecycleNotice notice, String deliveryId)
                    throws IOException {
                return send(notice.alert(), deliveryId);
            }
        };
    }

    public List<String> deliveryIds() {
        return List.copyOf(deliveryIds);
    }
}
