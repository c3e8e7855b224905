package dev.vigil.notifier.channel.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.avro.Severity;
import dev.vigil.notifier.channel.DeliveryResult;
import dev.vigil.notifier.testing.TestAlerts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleChannelTest {

    @Test
    void printsOneReadableLinePerAlert() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ConsoleChannel channel = new ConsoleChannel(new PrintStream(buffer, true, StandardCharsets.UTF_8));

        DeliveryResult result = channel.send(TestAlerts.scopeEscalation().build(), "d1");

        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.DELIVERED);
        assertThat(buffer.toString(StandardCharsets.UTF_8)).isEqualTo(
                "2026-11-20T10:15:30.123Z CRITICAL scope_escalation agent=did:web:x tenant=t1 — "
                        + "Asked for scope admin:all, outside its 3 registered scopes (alert 1a2b3c4d…)" + System.lineSeparator());
    }

    @Test
    void showsOccurrencesOnceTheAlertHasRepeated() {
        assertThat(ConsoleChannel.line(TestAlerts.scopeEscalation().setOccurrences(3).build())).isEqualTo(
                "2026-11-20T10:15:30.123Z CRITICAL scope_escalation agent=did:web:x tenant=t1 — "
                        + "Asked for scope admin:all, outside its 3 registered scopes (alert 1a2b3c4d…, ×3)");
    }

    @Test
    void padsTheSeveritySoThatColumnsLineUp() {
        String low = ConsoleChannel.line(TestAlerts.withSeverity(Severity.low));
        String high = ConsoleChannel.line(TestAlerts.withSeverity(Severity.high));

        assertThat(low).startsWith("2026-11-20T10:15:30.123Z LOW      scope_escalation ");
        assertThat(high).startsWith("2026-11-20T10:15:30.123Z HIGH     scope_escalation ");
    }

    @Test
    void marksAlertsRaisedWhileTheBaselineIsStillCalibrating() {
        assertThat(ConsoleChannel.line(TestAlerts.scopeEscalation().setCalibrating(true).build()))
                .contains(" scope_escalation [calibrating] agent=did:web:x ");
    }

    @Test
    void keepsAShortAlertIdWhole() {
        assertThat(ConsoleChannel.line(TestAlerts.scopeEscalation().setAlertId("a1").build())).endsWith("(alert a1)");
    }

    @Test
    void replacesControlCharactersSoThatAFieldCannotForgeALineOrMoveTheCursor() {
        String line = ConsoleChannel.line(TestAlerts.scopeEscalation()
                .setAgentId("did:web:x\u001b[2J")
                .setDescription("first\nCRITICAL fake line\r\n").build());

        assertThat(line).doesNotContain("\n", "\r", "\u001b")
                .contains("agent=did:web:x?[2J ")
                .contains("— first CRITICAL fake line (alert");
    }

    @Test
    void reportsAStreamThatCannotBeWrittenAsAPermanentFailure() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        ConsoleChannel channel = new ConsoleChannel(new PrintStream(broken, true, StandardCharsets.UTF_8));

        DeliveryResult result = channel.send(TestAlerts.scopeEscalation().build(), "d1");

        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(result.reason()).contains("write error");
    }
}
