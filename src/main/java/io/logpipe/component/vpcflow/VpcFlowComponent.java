package io.logpipe.component.vpcflow;

import io.logpipe.component.cloudtrail.CloudTrailComponent;
import io.logpipe.component.cloudtrail.CloudTrailPoller;

/**
 * {@code vpcflow:BUCKET?prefix=AWSLogs/}: AWS VPC Flow Logs delivered to S3 (text format, gzipped, a
 * header line naming the fields), polled like CloudTrail, with the same options; one event per flow record.
 */
@org.apache.camel.spi.annotations.Component("vpcflow")
public class VpcFlowComponent extends CloudTrailComponent {
    @Override
    protected CloudTrailPoller.Kind kind() {
        return CloudTrailPoller.Kind.VPCFLOW;
    }
}
