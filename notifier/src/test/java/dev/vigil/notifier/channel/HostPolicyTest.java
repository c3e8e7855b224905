package dev.vigil.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HostPolicyTest {

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:8080/hook, loopback",
            "http://localhost/hook, loopback",
            "http://[::1]/hook, loopback",
            "http://0.0.0.0/hook, unspecified",
            "http://169.254.169.254/latest/meta-data, link-local",
            "http://10.1.2.3/hook, private",
            "http://172.16.0.1/hook, private",
            "http://192.168.1.10/hook, private",
            "http://[fd00::1]/hook, unique-local",
            "http://100.64.0.1/hook, carrier-grade NAT",
    })
    void refusesAddressesOnThisMachineAndItsNetwork(String url, String kind) {
        assertThat(HostPolicy.PUBLIC_ONLY.refusal(URI.create(url))).contains(kind).contains("allow-listed")
                .doesNotContain("/hook").doesNotContain("meta-data");
    }

    @Test
    void letsPublicAddressesAndTheAllowListThrough() {
        assertThat(HostPolicy.PUBLIC_ONLY.refusal(URI.create("https://93.184.216.34/hook"))).isNull();
        HostPolicy policy = new HostPolicy(Set.of("localhost:8080", "10.1.2.3"));
        assertThat(policy.refusal(URI.create("http://localhost:8080/hook"))).isNull();
        assertThat(policy.refusal(URI.create("http://localhost:9090/hook"))).contains("loopback");
        assertThat(policy.refusal(URI.create("http://10.1.2.3:25"))).isNull();
        assertThat(policy.refusal("10.1.2.3", 587)).isNull();
    }

    @Test
    void refusesAHostThatDoesNotResolve() {
        assertThat(HostPolicy.PUBLIC_ONLY.refusal(URI.create("https://no-such-host.invalid/x"))).contains("does not resolve");
    }

    @Test
    void aRefusalNamesTheKeyOfTheAllowList() {
        assertThat(HostPolicy.PUBLIC_ONLY.refusal("127.0.0.1", 80)).endsWith("(vigil.notifier.allowed-hosts)");
        assertThat(new HostPolicy(Set.of(), "vigil.lifecycle.channels.allowed-hosts").refusal("127.0.0.1", 80))
                .endsWith("refused unless allow-listed (vigil.lifecycle.channels.allowed-hosts)");
    }
}
