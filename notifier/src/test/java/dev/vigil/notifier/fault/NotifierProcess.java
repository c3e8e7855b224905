package dev.vigil.notifier.fault;

import dev.vigil.notifier.NotifierApp;
import dev.vigil.notifier.NotifierConfig;
import java.io.FileReader;
import java.io.Reader;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** A notifier in a process of its own, so a test can kill it (SIGKILL) in the middle of a delivery. */
public final class NotifierProcess {

    private NotifierProcess() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        try (Reader in = new FileReader(args[0])) {
            props.load(in);
        }
        Map<String, Object> config = new HashMap<>();
        props.forEach((k, v) -> config.put((String) k, v));
        NotifierApp app = new NotifierApp(new NotifierConfig(config));
        app.start();
        System.out.println("notifier started");
        Thread.currentThread().join();
    }
}
