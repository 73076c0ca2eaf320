package dev.holdfast.ops.metrics;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;

import java.util.Map;

/** Camel's own route statistics (the numbers Hawtio shows), read from its management layer. */
final class CamelRouteMetrics {

    private final CamelContext context;

    CamelRouteMetrics(CamelContext context) {
        this.context = context;
    }

    void write(PrometheusText text) {
        ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        if (managed == null) {
            return; // JMX is off: no statistics are kept
        }
        text.family("camel_route_exchanges_total", "counter", "Exchanges finished by each route, by outcome");
        for (Route route : context.getRoutes()) {
            ManagedRouteMBean mbean = managed.getManagedRoute(route.getRouteId());
            if (mbean != null) {
                text.sample("camel_route_exchanges_total", Map.of("route", route.getRouteId(), "outcome", "completed"),
                        mbean.getExchangesCompleted());
                text.sample("camel_route_exchanges_total", Map.of("route", route.getRouteId(), "outcome", "failed"),
                        mbean.getExchangesFailed());
            }
        }
        text.family("camel_route_exchanges_inflight", "gauge", "Exchanges in each route now");
        for (Route route : context.getRoutes()) {
            ManagedRouteMBean mbean = managed.getManagedRoute(route.getRouteId());
            if (mbean != null) {
                text.sample("camel_route_exchanges_inflight", Map.of("route", route.getRouteId()), mbean.getExchangesInflight());
            }
        }
        text.family("camel_route_processing_seconds_total", "counter", "Time spent in each route");
        for (Route route : context.getRoutes()) {
            ManagedRouteMBean mbean = managed.getManagedRoute(route.getRouteId());
            if (mbean != null) {
                text.sample("camel_route_processing_seconds_total", Map.of("route", route.getRouteId()),
                        mbean.getTotalProcessingTime() / 1000.0);
            }
        }
        text.family("camel_route_started", "gauge", "1 when the route is started");
        for (Route route : context.getRoutes()) {
            text.sample("camel_route_started", Map.of("route", route.getRouteId()),
                    context.getRouteController().getRouteStatus(route.getRouteId()).isStarted() ? 1 : 0);
        }
    }
}
