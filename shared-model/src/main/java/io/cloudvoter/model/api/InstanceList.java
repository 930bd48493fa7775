package io.cloudvoter.model.api;

import java.util.List;

public record InstanceList(List<InstanceStatus> instances) {
}
