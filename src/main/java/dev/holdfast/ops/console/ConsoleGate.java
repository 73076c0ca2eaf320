package dev.holdfast.ops.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import javax.security.auth.Subject;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * In front of all of Hawtio: only the login page, its static files and the login calls are public; every other
 * page needs a logged-in session, and Jolokia a session or Basic credentials. Hawtio itself protects only its
 * Jolokia. A viewer may read, list and search; writing and executing (starting and stopping routes) needs the
 * operator role.
 */
final class ConsoleGate implements Filter {

    // the login page (a route of the single-page app), its assets and the calls it makes before anyone is logged in
    private static final List<String> PUBLIC = List.of("/login", "/auth/login", "/auth/logout", "/auth/config",
            "/user", "/keycloak", "/plugin", "/proxy/enabled", "/static/", "/img/", "/favicon.ico",
            "/hawtconfig.json", "/robots.txt", "/json.worker.js", "/editor.worker.js", "/html.worker.js");
    private static final Set<String> READ_ONLY = Set.of("read", "list", "search", "version");
    private static final int MAX_JOLOKIA_BODY = 1 << 20;

    private final ConsoleUsers users;
    private final ObjectMapper json = new ObjectMapper();

    ConsoleGate(ConsoleUsers users) {
        this.users = users;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = path(request);
        if (isPublic(path) || "OPTIONS".equals(request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        Optional<String> sessionRole = sessionRole(request);
        if (!path.startsWith("/jolokia")) {
            if (sessionRole.isPresent()) {
                chain.doFilter(req, res);
            } else {
                loginFirst(request, response);
            }
            return;
        }
        Optional<String> role = sessionRole.or(() -> basicRole(request));
        if (role.isEmpty()) {
            if (request.getHeader("Authorization") != null) {
                // wrong credentials: Hawtio's own filter answers them, and throttles repeated failures
                chain.doFilter(req, res);
            } else {
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + ConsoleRealm.NAME + "\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            }
            return;
        }
        if (ConsoleUsers.OPERATOR.equals(role.get())) {
            chain.doFilter(req, res);
            return;
        }
        CachedBody body = CachedBody.of(request, MAX_JOLOKIA_BODY);
        if (body == null || !READ_ONLY.containsAll(requestTypes(request, path, body))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "the viewer role may only read, list and search");
            return;
        }
        chain.doFilter(body, res);
    }

    /** The path inside the Hawtio context, e.g. {@code /jolokia/read/...}. */
    private static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String info = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + info;
        return path.isEmpty() ? "/" : path;
    }

    private static boolean isPublic(String path) {
        for (String p : PUBLIC) {
            if (p.endsWith("/") ? path.startsWith(p) : path.equals(p) || path.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> sessionRole(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object subject = session == null ? null : session.getAttribute("subject");
        if (!(subject instanceof Subject s)) {
            return Optional.empty();
        }
        Set<String> roles = new HashSet<>();
        s.getPrincipals(ConsoleRole.class).forEach(r -> roles.add(r.getName()));
        if (roles.contains(ConsoleUsers.OPERATOR)) {
            return Optional.of(ConsoleUsers.OPERATOR);
        }
        return roles.contains(ConsoleUsers.VIEWER) ? Optional.of(ConsoleUsers.VIEWER) : Optional.empty();
    }

    private Optional<String> basicRole(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty()
                : users.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray());
    }

    /** Request types of a Jolokia call: from the path of a GET, from the JSON body (one request or a bulk) of a POST. */
    private Set<String> requestTypes(HttpServletRequest request, String path, CachedBody body) {
        Set<String> types = new HashSet<>();
        if ("GET".equals(request.getMethod())) {
            String[] parts = path.split("/");
            types.add(parts.length > 2 ? parts[2].toLowerCase() : "version");
            return types;
        }
        try {
            JsonNode tree = json.readTree(body.bytes);
            if (tree != null && tree.isArray()) {
                tree.forEach(r -> types.add(r.path("type").asText("").toLowerCase()));
            } else if (tree != null) {
                types.add(tree.path("type").asText("").toLowerCase());
            }
        } catch (IOException e) {
            types.add("unreadable");
        }
        return types;
    }

    /** Answers pages with 401 and a pointer to the login page (a browser follows it; a script sees the status). */
    private static void loginFirst(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String login = request.getContextPath() + "/login";
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("text/html;charset=utf-8");
        response.getWriter().write("<!doctype html><meta http-equiv=\"refresh\" content=\"0;url=" + login
                + "\"><title>Holdfast console</title><p>Please <a href=\"" + login + "\">log in</a>.");
    }

    /** A request whose body was read once here and is served again to Jolokia. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] bytes;

        private CachedBody(HttpServletRequest request, byte[] bytes) {
            super(request);
            this.bytes = bytes;
        }

        static CachedBody of(HttpServletRequest request, int max) throws IOException {
            byte[] bytes = request.getInputStream().readNBytes(max + 1);
            return bytes.length > max ? null : new CachedBody(request, bytes);
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return bytes.length;
        }

        @Override
        public long getContentLengthLong() {
            return bytes.length;
        }
    }
}
