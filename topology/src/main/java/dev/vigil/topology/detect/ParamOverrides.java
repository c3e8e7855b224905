package dev.vigil.topology.detect;

/**
 * Parameter values set at run time (the override records of {@code vigil.rules.v1}), by scope; each method
 * returns null when no override of that scope sets the parameter. {@link Parameters#value} places them among
 * the static layers: agent override, profile setting, tenant override, configured tenant value, global override,
 * deployment value.
 */
public interface ParamOverrides {

    ParamOverrides NONE = new ParamOverrides() {
        @Override
        public boolean any() {
            return false;
        }

        @Override
        public <T> T agent(Param<T> param, String agentId, String tenantId) {
            return null;
        }

        @Override
        public <T> T tenant(Param<T> param, String tenantId) {
            return null;
        }

        @Override
        public <T> T global(Param<T> param) {
            return null;
        }
    };

    /** False when no override is set at all (the lookups can be skipped). */
    boolean any();

    <T> T agent(Param<T> param, String agentId, String tenantId);

    <T> T tenant(Param<T> param, String tenantId);

    <T> T global(Param<T> param);
}
