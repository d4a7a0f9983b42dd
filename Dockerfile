# JVM-mode image. Build the app first (./mvnw package -DskipTests), then: docker build -t logpipe:0.1.0 .
# Routes, rulebases, processors, their libraries and settings are mountable: /deployments/routes, /deployments/rules,
# /deployments/processors, /deployments/lib and /deployments/application.properties.
# a JDK, not a JRE: processors in processors/ are compiled from source at start (README "Custom processors")
FROM eclipse-temurin:17-jdk
RUN groupadd --system --gid 1001 logpipe && useradd --system --uid 1001 --gid logpipe --home /deployments logpipe
WORKDIR /deployments
COPY --chown=logpipe:logpipe target/quarkus-app/lib/ lib/
COPY --chown=logpipe:logpipe target/quarkus-app/*.jar ./
COPY --chown=logpipe:logpipe target/quarkus-app/app/ app/
COPY --chown=logpipe:logpipe target/quarkus-app/quarkus/ quarkus/
COPY --chown=logpipe:logpipe routes/ routes/
COPY --chown=logpipe:logpipe alerts/ alerts/
COPY --chown=logpipe:logpipe rules/ rules/
COPY --chown=logpipe:logpipe tests/ tests/
COPY --chown=logpipe:logpipe application.properties ./
RUN mkdir -p /deployments/data /deployments/processors /deployments/lib && chown logpipe:logpipe /deployments/data /deployments/processors /deployments/lib
USER 1001
ENV LOGPIPE_DATA_DIR=/deployments/data LOGPIPE_SYSLOG_PORT=5514 LOGPIPE_RELP_PORT=2514 QUARKUS_HTTP_PORT=8080
# syslog UDP+TCP, RELP, HTTP (API and probes)
EXPOSE 5514/udp 5514/tcp 2514/tcp 8080/tcp
VOLUME ["/deployments/data"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/deployments/quarkus-run.jar"]
