package dev.vigil.notifier.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS on localhost for the channels that insist on https (Slack, PagerDuty, Datadog): a WireMock server with the
 * test certificate, and a TLS context that trusts exactly that certificate, so the channels' real TLS path is tested
 * without switching verification off.
 *
 * <p>The certificate ({@code src/test/resources/tls/localhost.p12}, valid until 2126) was made with
 * {@code keytool -genkeypair -alias localhost -keyalg RSA -keysize 2048 -dname "CN=localhost, O=Vigil tests"
 * -ext "SAN=dns:localhost,ip:127.0.0.1" -validity 36500 -storetype PKCS12 -keystore localhost.p12
 * -storepass vigil-test -keypass vigil-test}.
 */
public final class LocalHttps {

    private static final String KEYSTORE = "/tls/localhost.p12";
    private static final String PASSWORD = "vigil-test";
    private static final String ALIAS = "localhost";

    private LocalHttps() {
    }

    /** WireMock on a free https port with the test certificate, plain http off. */
    public static WireMockConfiguration wireMock() {
        URL keystore = LocalHttps.class.getResource(KEYSTORE);
        if (keystore == null) {
            throw new IllegalStateException("test keystore " + KEYSTORE + " is missing");
        }
        String path;
        try {
            path = Path.of(keystore.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("test keystore " + KEYSTORE + " has no file path", e);
        }
        return wireMockConfig().httpDisabled(true).dynamicHttpsPort()
                .keystorePath(path).keystoreType("PKCS12")
                .keystorePassword(PASSWORD).keyManagerPassword(PASSWORD);
    }

    /** A TLS context that trusts the test certificate and nothing else. */
    public static SSLContext trustingTestCertificate() {
        try (InputStream in = LocalHttps.class.getResourceAsStream(KEYSTORE)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, keys.getCertificate(ALIAS));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the test certificate", e);
        }
    }
}
