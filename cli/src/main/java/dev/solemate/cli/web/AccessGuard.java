package dev.solemate.cli.web;

import com.sun.net.httpserver.Headers;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may use the page and the API, decided for every request before anything else runs:
 *
 * <ul>
 *   <li><b>Host</b>: on a loopback address only {@code 127.0.0.1}, {@code localhost} and {@code [::1]}
 *       with our port are answered, so a web site cannot reach the server through DNS rebinding.</li>
 *   <li><b>Token</b>: beyond loopback every request needs the token, as the {@code solemate_token}
 *       cookie (set by {@code POST /api/login}) or an {@code Authorization: Bearer} header; otherwise
 *       401 and nothing happens.</li>
 *   <li><b>CSRF</b>: a request that changes something must be JSON ({@code Content-Type:
 *       application/json}, which a form or a cross-site {@code fetch} cannot send without a CORS
 *       preflight this server never approves), and, when the browser says where it comes from
 *       ({@code Origin}, {@code Sec-Fetch-Site}), come from this page. The cookie is
 *       {@code SameSite=Strict} besides.</li>
 * </ul>
 */
final class AccessGuard {

    /** The cookie's name carries the port: two servers on one machine keep their own. */
    private final String cookieName;
    private final Optional<WebToken> token;
    private final boolean loopback;
    private volatile int port;

    AccessGuard(Optional<WebToken> token, boolean loopback, int port) {
        this.token = token;
        this.loopback = loopback;
        this.port = port;
        this.cookieName = "solemate_token";
    }

    void port(int actualPort) {
        this.port = actualPort;
    }

    boolean tokenRequired() {
        return token.isPresent();
    }

    /** The refusal for a request, or empty when it may go on. */
    Optional<ApiError> check(String method, String path, Headers headers, boolean publicPath) {
        Optional<ApiError> host = checkHost(headers.getFirst("Host"));
        if (host.isPresent()) {
            return host;
        }
        boolean mutating = !method.equals("GET") && !method.equals("HEAD");
        if (mutating) {
            Optional<ApiError> csrf = checkOrigin(headers);
            if (csrf.isPresent()) {
                return csrf;
            }
        }
        if (!publicPath && !authenticated(headers)) {
            return Optional.of(new ApiError(401, "this dashboard needs its token: open the link 'solemate serve' printed"
                    + " when the token was made, or make a new one with 'solemate serve --new-token'"));
        }
        return Optional.empty();
    }

    /** True when the request carries the token (or none is needed). */
    boolean authenticated(Headers headers) {
        if (token.isEmpty()) {
            return true;
        }
        String authorization = headers.getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && token.get().matches(authorization.substring(7).trim())) {
            return true;
        }
        return token.get().matches(cookie(headers.get("Cookie")));
    }

    /** The token as a cookie a browser keeps for a year and sends to this server only, never cross-site. */
    String loginCookie() {
        return cookieName + "=" + token.map(WebToken::value).orElse("") + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000";
    }

    boolean tokenMatches(String candidate) {
        return token.isPresent() && token.get().matches(candidate);
    }

    private Optional<ApiError> checkHost(String host) {
        if (!loopback) {
            return Optional.empty();
        }
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        for (String allowed : List.of("127.0.0.1", "localhost", "[::1]")) {
            if (h.equals(allowed + ":" + port) || (port == 80 && h.equals(allowed))) {
                return Optional.empty();
            }
        }
        return Optional.of(new ApiError(403, "Host '" + host + "' is not this server (expected 127.0.0.1:" + port
                + ", localhost:" + port + " or [::1]:" + port + "; other names are refused so that no web site can"
                + " reach the massager through DNS rebinding)"));
    }

    private static Optional<ApiError> checkOrigin(Headers headers) {
        String contentType = headers.getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return Optional.of(new ApiError(415, "Content-Type '" + contentType
                    + "' is not allowed (expected application/json)", "Content-Type", contentType, "application/json"));
        }
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return Optional.of(new ApiError(403, "refused a request from another site (Sec-Fetch-Site: " + site
                    + "); only this dashboard's own page may control the massager"));
        }
        String origin = headers.getFirst("Origin");
        if (origin != null) {
            String host = headers.getFirst("Host");
            if (host == null || !(origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host))) {
                return Optional.of(new ApiError(403, "refused a request from " + origin
                        + " (expected the dashboard's own origin, http://" + host + ")", "Origin", origin,
                        "http://" + host));
            }
        }
        return Optional.empty();
    }

    private String cookie(List<String> cookieHeaders) {
        if (cookieHeaders == null) {
            return null;
        }
        for (String header : cookieHeaders) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(cookieName + "=")) {
                    return p.substring(cookieName.length() + 1);
                }
            }
        }
        return null;
    }
}
