package dev.vigil.notifier.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.notifier.channel.DeliveryResult;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** How {@link EmailChannel} classifies the failures a real server or network can cause but GreenMail cannot. */
class EmailOutcomesTest {

    @Test
    void aRecipientRefusedWith550IsPermanentAndWith450Retryable() throws Exception {
        assertThat(EmailChannel.classify(refusedRecipient(550), 250))
                .extracting(DeliveryResult::kind, DeliveryResult::statusCode).containsExactly(DeliveryResult.Kind.PERMANENT, 550);
        assertThat(EmailChannel.classify(refusedRecipient(450), 250))
                .extracting(DeliveryResult::kind, DeliveryResult::statusCode).containsExactly(DeliveryResult.Kind.RETRYABLE, 450);
    }

    @Test
    void aMessageRefusedAtTheEndOfDataFollowsItsCode() {
        MessagingException tooBig = new SMTPSendFailedException("DATA", 552, "552 5.3.4 Message too big", null,
                new Address[0], new Address[0], new Address[0]);
        MessagingException queueFull = new SMTPSendFailedException("DATA", 452, "452 4.3.1 Insufficient system storage", null,
                new Address[0], new Address[0], new Address[0]);

        assertThat(EmailChannel.classify(tooBig, 552).kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(EmailChannel.classify(queueFull, 452).kind()).isEqualTo(DeliveryResult.Kind.RETRYABLE);
    }

    @Test
    void aTemporaryLoginFailureIsRetryableAndOneWithoutACodePermanent() {
        assertThat(EmailChannel.classify(new AuthenticationFailedException("454 4.7.0 Temporary authentication failure"), 454).kind())
                .isEqualTo(DeliveryResult.Kind.RETRYABLE);
        assertThat(EmailChannel.classify(new AuthenticationFailedException("No authentication mechanisms supported by both server and client"), 250).kind())
                .isEqualTo(DeliveryResult.Kind.PERMANENT);
    }

    @Test
    void aFailedTlsHandshakeIsPermanent() {
        MessagingException e = new MessagingException("Could not convert socket to TLS", new SSLHandshakeException("PKIX path building failed"));

        DeliveryResult result = EmailChannel.classify(e, 220);

        assertThat(result.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(result.reason()).isEqualTo("MessagingException: Could not convert socket to TLS; SSLHandshakeException: PKIX path building failed");
    }

    @Test
    void aConnectionClosedWithoutAReplyIsRetryable() {
        assertThat(EmailChannel.classify(new MessagingException("[EOF]"), -1).kind()).isEqualTo(DeliveryResult.Kind.RETRYABLE);
    }

    private static SendFailedException refusedRecipient(int code) throws Exception {
        InternetAddress to = new InternetAddress("oncall@team.example");
        SendFailedException e = new SendFailedException("Invalid Addresses", null, new Address[0], new Address[0], new Address[] {to});
        e.setNextException(new SMTPAddressFailedException(to, "RCPT TO:<oncall@team.example>", code, code + " no such user"));
        return e;
    }
}
