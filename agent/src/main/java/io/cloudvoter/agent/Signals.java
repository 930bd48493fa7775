package io.cloudvoter.agent;

import java.util.logging.Logger;

/**
 * Catches a termination signal so the agent can stop its own way and choose its exit code.
 * {@code sun.misc.Signal} lives in {@code jdk.unsupported}, which every JDK ships; it is reached by
 * reflection so the build stays free of internal-API warnings. Where it is missing, the JVM's
 * default handling (shutdown hooks, exit code 128 + signal) still stops the agent gracefully.
 */
final class Signals {
    private static final Logger LOG = Logger.getLogger(Signals.class.getName());

    private Signals() {
    }

    static void handle(String name, Runnable action) {
        try {
            var signalClass = Class.forName("sun.misc.Signal");
            var handlerClass = Class.forName("sun.misc.SignalHandler");
            var signal = signalClass.getConstructor(String.class).newInstance(name);
            var handler = java.lang.reflect.Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[]{handlerClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "cloudvoter SIG" + name + " handler";
                    });
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.fine(() -> "SIG" + name + " left to the JVM: " + e);
        }
    }
}
