package dev.vigil.serde;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;

/**
 * Makes the value serdes of the apps from configuration, so that a deployment can swap Vigil's serde for
 * Confluent's {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde} without a code change.
 * A serde class either takes the record class in its constructor (Vigil's) or has a no-argument
 * constructor and reads {@code specific.avro.reader} (Confluent's).
 */
public final class SerdeFactory {

    /** Configuration key naming the serde class. */
    public static final String SERDE_CLASS_CONFIG = "vigil.serde.class";
    public static final String DEFAULT_SERDE_CLASS = AvroSerde.class.getName();

    private final String serdeClass;
    private final Map<String, ?> configs;

    /** {@code configs} holds at least {@code schema.registry.url}; it is passed to every serde's configure. */
    public SerdeFactory(String serdeClass, Map<String, ?> configs) {
        this.serdeClass = serdeClass == null || serdeClass.isBlank() ? DEFAULT_SERDE_CLASS : serdeClass;
        this.configs = Map.copyOf(configs);
    }

    /** A factory with Vigil's own serde and the given registry URL. */
    public static SerdeFactory forRegistry(String registryUrl) {
        return new SerdeFactory(DEFAULT_SERDE_CLASS, Map.of(SchemaRegistries.URL_CONFIG, registryUrl, "specific.avro.reader", "true"));
    }

    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        Serde<T> serde = instantiate(type);
        serde.configure(configs, false);
        return serde;
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> Serde<T> instantiate(Class<T> type) {
        Class<?> cls;
        try {
            cls = Class.forName(serdeClass);
        } catch (ClassNotFoundException e) {
            throw new ConfigException(SERDE_CLASS_CONFIG, serdeClass, "class not found on the classpath");
        }
        if (!Serde.class.isAssignableFrom(cls)) {
            throw new ConfigException(SERDE_CLASS_CONFIG, serdeClass, "is not an org.apache.kafka.common.serialization.Serde");
        }
        Constructor<?> constructor;
        Object[] arguments;
        try {
            constructor = cls.getConstructor(Class.class);
            arguments = new Object[] {type};
        } catch (NoSuchMethodException noTypedConstructor) {
            try {
                constructor = cls.getConstructor();
                arguments = new Object[0];
            } catch (NoSuchMethodException noConstructor) {
                throw new ConfigException(SERDE_CLASS_CONFIG, serdeClass,
                        "needs a public constructor taking the record class, or a public no-argument constructor");
            }
        }
        try {
            return (Serde<T>) constructor.newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw new ConfigException(SERDE_CLASS_CONFIG, serdeClass, "failed to construct: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(SERDE_CLASS_CONFIG, serdeClass, "cannot be instantiated: " + e);
        }
    }
}
