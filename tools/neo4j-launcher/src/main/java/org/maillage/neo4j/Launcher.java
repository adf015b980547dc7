package org.maillage.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * A local Neo4j Community server for maillage: the embedded DBMS with the Bolt connector on a
 * loopback address, authentication on, and the password of the {@code neo4j} user set.
 *
 * <pre>
 * java -Xmx1g -cp 'target/classes:target/lib/*' org.maillage.neo4j.Launcher \
 *      --home DIR --port 7687 [--host 127.0.0.1] [--ready-file FILE] [--http-port 0] [--pagecache 256m]
 * </pre>
 *
 * The password is read from the environment variable {@code MAILLAGE_NEO4J_PASSWORD} (never from
 * the command line, which other users of the machine can read). When Bolt accepts connections and
 * the password is set, the launcher writes the bolt URI to the ready file (atomically). SIGTERM (or
 * Ctrl-C) shuts the DBMS down cleanly and removes the ready file.
 */
public final class Launcher {

    private Launcher() {}

    private static void usage(String message) {
        System.err.println("neo4j-launcher: " + message);
        System.err.println("usage: Launcher --home DIR --port PORT [--host 127.0.0.1] [--ready-file FILE]"
                + " [--http-port 0] [--pagecache 256m]   (password in $MAILLAGE_NEO4J_PASSWORD)");
        System.exit(2);
    }

    private static long parseSize(String text) {
        String t = text.trim().toLowerCase();
        long mult = 1;
        if (t.endsWith("k")) { mult = 1024L; t = t.substring(0, t.length() - 1); }
        else if (t.endsWith("m")) { mult = 1024L * 1024; t = t.substring(0, t.length() - 1); }
        else if (t.endsWith("g")) { mult = 1024L * 1024 * 1024; t = t.substring(0, t.length() - 1); }
        return Long.parseLong(t) * mult;
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--") || i + 1 >= argv.length) {
                usage("bad argument " + a);
            }
            opts.put(a.substring(2), argv[++i]);
        }
        if (!opts.containsKey("home") || !opts.containsKey("port")) {
            usage("--home and --port are required");
        }
        String password = System.getenv("MAILLAGE_NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            usage("set MAILLAGE_NEO4J_PASSWORD to a password of at least 8 characters");
        }
        Path home = Path.of(opts.get("home")).toAbsolutePath();
        String host = opts.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(opts.get("port"));
        int httpPort = Integer.parseInt(opts.getOrDefault("http-port", "0"));
        Path readyFile = opts.containsKey("ready-file") ? Path.of(opts.get("ready-file")).toAbsolutePath() : null;
        long pagecache = parseSize(opts.getOrDefault("pagecache", "256m"));

        Files.createDirectories(home);
        if (readyFile != null) {
            Files.deleteIfExists(readyFile);
        }

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "1 files")
                .setConfig(GraphDatabaseInternalSettings.udc_network_enabled, false)
                // a local server: do not wait 2 x 5 s for Bolt threads at shutdown
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1));
        if (httpPort > 0) {
            builder.setConfig(HttpConnector.enabled, true)
                   .setConfig(HttpConnector.listen_address, new SocketAddress(host, httpPort));
        }
        long t0 = System.nanoTime();
        DatabaseManagementService dbms = builder.build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j-launcher: shutting down");
            try {
                if (readyFile != null) {
                    Files.deleteIfExists(readyFile);
                }
            } catch (IOException ignored) {
                // the ready file is advisory
            }
            dbms.shutdown();
            System.out.println("neo4j-launcher: stopped");
            stopped.countDown();
        }, "neo4j-launcher-shutdown"));

        double tBuilt = (System.nanoTime() - t0) / 1e9;
        setPassword(dbms, password);
        double tPassword = (System.nanoTime() - t0) / 1e9;
        waitForBolt(host, port);

        String uri = "bolt://" + host + ":" + port;
        if (readyFile != null) {
            Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
            Files.writeString(tmp, uri + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, readyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.printf("neo4j-launcher: ready at %s (home %s; dbms %.1f s, password %.1f s, ready %.1f s)%n",
                uri, home, tBuilt, tPassword - tBuilt, (System.nanoTime() - t0) / 1e9);
        System.out.flush();
        stopped.await();
    }

    /** Set the password of the built-in {@code neo4j} user, no change required at first login. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED",
                    Map.of("pw", password));
        } catch (RuntimeException e) {
            // Restarting on the same data with the same password: Neo4j refuses a "change" to the
            // same value, which is exactly the state we want.
            String msg = String.valueOf(e.getMessage());
            Throwable c = e.getCause();
            while (c != null) {
                msg += " " + c.getMessage();
                c = c.getCause();
            }
            if (!msg.contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static void waitForBolt(String host, int port) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt did not accept connections on " + host + ":" + port);
                }
                Thread.sleep(100);
            }
        }
    }
}
