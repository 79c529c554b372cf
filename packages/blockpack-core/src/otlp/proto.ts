import protobuf from 'protobufjs';

/** OTLP Span.SpanKind numbers by name (the descriptor below and the JSON normalizer share them). */
export const SPAN_KIND_VALUES: Readonly<Record<string, number>> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

/** OTLP Status.StatusCode numbers by name. */
export const STATUS_CODE_VALUES: Readonly<Record<string, number>> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

/**
 * OTLP v1 trace messages as a protobufjs JSON descriptor, written from the message and field-number
 * facts of opentelemetry-proto (common, resource, trace, collector/trace). Only what the trace path
 * needs; unknown fields in input (newer OTLP additions) are skipped by the decoder.
 */
export const OTLP_TRACE_DESCRIPTOR = {
  nested: {
    opentelemetry: {
      nested: {
        proto: {
          nested: {
            common: {
              nested: {
                v1: {
                  nested: {
                    AnyValue: {
                      oneofs: {
                        value: {
                          oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'],
                        },
                      },
                      fields: {
                        stringValue: { type: 'string', id: 1 },
                        boolValue: { type: 'bool', id: 2 },
                        intValue: { type: 'int64', id: 3 },
                        doubleValue: { type: 'double', id: 4 },
                        arrayValue: { type: 'ArrayValue', id: 5 },
                        kvlistValue: { type: 'KeyValueList', id: 6 },
                        bytesValue: { type: 'bytes', id: 7 },
                      },
                    },
                    ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
                    KeyValueList: { fields: { values: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
                    KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
                    InstrumentationScope: {
                      fields: {
                        name: { type: 'string', id: 1 },
                        version: { type: 'string', id: 2 },
                        attributes: { rule: 'repeated', type: 'KeyValue', id: 3 },
                        droppedAttributesCount: { type: 'uint32', id: 4 },
                      },
                    },
                  },
                },
              },
            },
            resource: {
              nested: {
                v1: {
                  nested: {
                    Resource: {
                      fields: {
                        attributes: { rule: 'repeated', type: 'opentelemetry.proto.common.v1.KeyValue', id: 1 },
                        droppedAttributesCount: { type: 'uint32', id: 2 },
                      },
                    },
                  },
                },
              },
            },
            trace: {
              nested: {
                v1: {
                  nested: {
                    TracesData: { fields: { resourceSpans: { rule: 'repeated', type: 'ResourceSpans', id: 1 } } },
                    ResourceSpans: {
                      fields: {
                        resource: { type: 'opentelemetry.proto.resource.v1.Resource', id: 1 },
                        scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 },
                        schemaUrl: { type: 'string', id: 3 },
                      },
                    },
                    ScopeSpans: {
                      fields: {
                        scope: { type: 'opentelemetry.proto.common.v1.InstrumentationScope', id: 1 },
                        spans: { rule: 'repeated', type: 'Span', id: 2 },
                        schemaUrl: { type: 'string', id: 3 },
                      },
                    },
                    Span: {
                      fields: {
                        traceId: { type: 'bytes', id: 1 },
                        spanId: { type: 'bytes', id: 2 },
                        traceState: { type: 'string', id: 3 },
                        parentSpanId: { type: 'bytes', id: 4 },
                        flags: { type: 'fixed32', id: 16 },
                        name: { type: 'string', id: 5 },
                        kind: { type: 'SpanKind', id: 6 },
                        startTimeUnixNano: { type: 'fixed64', id: 7 },
                        endTimeUnixNano: { type: 'fixed64', id: 8 },
                        attributes: { rule: 'repeated', type: 'opentelemetry.proto.common.v1.KeyValue', id: 9 },
                        droppedAttributesCount: { type: 'uint32', id: 10 },
                        events: { rule: 'repeated', type: 'Event', id: 11 },
                        droppedEventsCount: { type: 'uint32', id: 12 },
                        links: { rule: 'repeated', type: 'Link', id: 13 },
                        droppedLinksCount: { type: 'uint32', id: 14 },
                        status: { type: 'Status', id: 15 },
                      },
                      nested: {
                        SpanKind: { values: SPAN_KIND_VALUES },
                        Event: {
                          fields: {
                            timeUnixNano: { type: 'fixed64', id: 1 },
                            name: { type: 'string', id: 2 },
                            attributes: { rule: 'repeated', type: 'opentelemetry.proto.common.v1.KeyValue', id: 3 },
                            droppedAttributesCount: { type: 'uint32', id: 4 },
                          },
                        },
                        Link: {
                          fields: {
                            traceId: { type: 'bytes', id: 1 },
                            spanId: { type: 'bytes', id: 2 },
                            traceState: { type: 'string', id: 3 },
                            attributes: { rule: 'repeated', type: 'opentelemetry.proto.common.v1.KeyValue', id: 4 },
                            droppedAttributesCount: { type: 'uint32', id: 5 },
                            flags: { type: 'fixed32', id: 6 },
                          },
                        },
                      },
                    },
                    Status: {
                      fields: { message: { type: 'string', id: 2 }, code: { type: 'StatusCode', id: 3 } },
                      nested: {
                        StatusCode: { values: STATUS_CODE_VALUES },
                      },
                    },
                  },
                },
              },
            },
            collector: {
              nested: {
                trace: {
                  nested: {
                    v1: {
                      nested: {
                        ExportTraceServiceRequest: {
                          fields: {
                            resourceSpans: { rule: 'repeated', type: 'opentelemetry.proto.trace.v1.ResourceSpans', id: 1 },
                          },
                        },
                        ExportTraceServiceResponse: {
                          fields: { partialSuccess: { type: 'ExportTracePartialSuccess', id: 1 } },
                        },
                        ExportTracePartialSuccess: {
                          fields: { rejectedSpans: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

/**
 * The lossless extension blobs (spec 10.7). Field numbers are those of the OTLP message each one
 * stands for (`Span`, `Resource`, `InstrumentationScope`), so a plain OTLP decoder reads them too;
 * field 1000 (`extra_attributes`, this port's addition) holds attributes that have no column at all
 * (a duplicate key, a column name over 1,024 bytes), while the OTLP attribute field holds the typed
 * form of array, kvlist and empty values whose String column carries their JSON text.
 */
export const BLOCKPACK_EXT_DESCRIPTOR = {
  nested: {
    blockpack: {
      nested: {
        ext: {
          nested: {
            SpanExt: {
              fields: {
                attributes: { rule: 'repeated', type: 'opentelemetry.proto.common.v1.KeyValue', id: 9 },
                droppedAttributesCount: { type: 'uint32', id: 10 },
                events: { rule: 'repeated', type: 'opentelemetry.proto.trace.v1.Span.Event', id: 11 },
                droppedEventsCount: { type: 'uint32', id: 12 },
                links: { rule: 'repeated', type: 'opentelemetry.proto.trace.v1.Span.Link', id: 13 },
                droppedLinksCount: { type: 'uint32', id: 14 },
                flags: { type: 'fixed32', id: 16 },
                extraAttributes: { rule: 'repeated', type: 'opentelemetry.proto.common.v1.KeyValue', id: 1000 },
              },
            },
            ResourceExt: {
              fields: {
                attributes: { rule: 'repeated', type: 'opentelemetry.proto.common.v1.KeyValue', id: 1 },
                droppedAttributesCount: { type: 'uint32', id: 2 },
                extraAttributes: { rule: 'repeated', type: 'opentelemetry.proto.common.v1.KeyValue', id: 1000 },
              },
            },
            ScopeExt: {
              fields: {
                attributes: { rule: 'repeated', type: 'opentelemetry.proto.common.v1.KeyValue', id: 3 },
                droppedAttributesCount: { type: 'uint32', id: 4 },
                extraAttributes: { rule: 'repeated', type: 'opentelemetry.proto.common.v1.KeyValue', id: 1000 },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** The protobufjs root holding the OTLP trace types (built once, at module load). */
export const otlpRoot: protobuf.Root = protobuf.Root.fromJSON(OTLP_TRACE_DESCRIPTOR as unknown as protobuf.INamespace);
otlpRoot.addJSON(BLOCKPACK_EXT_DESCRIPTOR.nested as unknown as Record<string, protobuf.AnyNestedObject>);

/** protobufjs reflection types, for adapters that need raw protobuf access. */
export const OtlpTypes = {
  ExportTraceServiceRequest: otlpRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'),
  ExportTraceServiceResponse: otlpRoot.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse'),
  TracesData: otlpRoot.lookupType('opentelemetry.proto.trace.v1.TracesData'),
  ResourceSpans: otlpRoot.lookupType('opentelemetry.proto.trace.v1.ResourceSpans'),
  ScopeSpans: otlpRoot.lookupType('opentelemetry.proto.trace.v1.ScopeSpans'),
  Span: otlpRoot.lookupType('opentelemetry.proto.trace.v1.Span'),
  Event: otlpRoot.lookupType('opentelemetry.proto.trace.v1.Span.Event'),
  Link: otlpRoot.lookupType('opentelemetry.proto.trace.v1.Span.Link'),
  Status: otlpRoot.lookupType('opentelemetry.proto.trace.v1.Status'),
  Resource: otlpRoot.lookupType('opentelemetry.proto.resource.v1.Resource'),
  InstrumentationScope: otlpRoot.lookupType('opentelemetry.proto.common.v1.InstrumentationScope'),
  KeyValue: otlpRoot.lookupType('opentelemetry.proto.common.v1.KeyValue'),
  AnyValue: otlpRoot.lookupType('opentelemetry.proto.common.v1.AnyValue'),
  ArrayValue: otlpRoot.lookupType('opentelemetry.proto.common.v1.ArrayValue'),
  KeyValueList: otlpRoot.lookupType('opentelemetry.proto.common.v1.KeyValueList'),
} as const;

/** The extension blob types of spec 10.7 (see `BLOCKPACK_EXT_DESCRIPTOR`). */
export const ExtTypes = {
  SpanExt: otlpRoot.lookupType('blockpack.ext.SpanExt'),
  ResourceExt: otlpRoot.lookupType('blockpack.ext.ResourceExt'),
  ScopeExt: otlpRoot.lookupType('blockpack.ext.ScopeExt'),
} as const;
