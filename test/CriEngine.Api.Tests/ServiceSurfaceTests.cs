using Google.Protobuf.Reflection;

namespace CriEngine.Api.Tests;

/// <summary>
/// The RPC surface of api.proto against upstream cri-api v1 (the commit named in the
/// proto's header): kubelets call these paths and expect these exact messages.
/// </summary>
[TestFixture]
public sealed class ServiceSurfaceTests
{
    private sealed record Rpc(string Service, string Method, string Request, string Response, bool ServerStreaming = false);

    // Upstream order. Written out by hand on purpose: it must not be derived from our
    // own descriptor, or it could not catch a mistake in it.
    private static readonly Rpc[] Upstream =
    [
        new("RuntimeService", "Version", "VersionRequest", "VersionResponse"),
        new("RuntimeService", "RunPodSandbox", "RunPodSandboxRequest", "RunPodSandboxResponse"),
        new("RuntimeService", "StopPodSandbox", "StopPodSandboxRequest", "StopPodSandboxResponse"),
        new("RuntimeService", "RemovePodSandbox", "RemovePodSandboxRequest", "RemovePodSandboxResponse"),
        new("RuntimeService", "PodSandboxStatus", "PodSandboxStatusRequest", "PodSandboxStatusResponse"),
        new("RuntimeService", "ListPodSandbox", "ListPodSandboxRequest", "ListPodSandboxResponse"),
        new("RuntimeService", "StreamPodSandboxes", "StreamPodSandboxesRequest", "StreamPodSandboxesResponse", ServerStreaming: true),
        new("RuntimeService", "CreateContainer", "CreateContainerRequest", "CreateContainerResponse"),
        new("RuntimeService", "StartContainer", "StartContainerRequest", "StartContainerResponse"),
        new("RuntimeService", "StopContainer", "StopContainerRequest", "StopContainerResponse"),
        new("RuntimeService", "RemoveContainer", "RemoveContainerRequest", "RemoveContainerResponse"),
        new("RuntimeService", "ListContainers", "ListContainersRequest", "ListContainersResponse"),
        new("RuntimeService", "StreamContainers", "StreamContainersRequest", "StreamContainersResponse", ServerStreaming: true),
        new("RuntimeService", "ContainerStatus", "ContainerStatusRequest", "ContainerStatusResponse"),
        new("RuntimeService", "UpdateContainerResources", "UpdateContainerResourcesRequest", "UpdateContainerResourcesResponse"),
        new("RuntimeService", "ReopenContainerLog", "ReopenContainerLogRequest", "ReopenContainerLogResponse"),
        new("RuntimeService", "ExecSync", "ExecSyncRequest", "ExecSyncResponse"),
        new("RuntimeService", "Exec", "ExecRequest", "ExecResponse"),
        new("RuntimeService", "Attach", "AttachRequest", "AttachResponse"),
        new("RuntimeService", "PortForward", "PortForwardRequest", "PortForwardResponse"),
        new("RuntimeService", "ContainerStats", "ContainerStatsRequest", "ContainerStatsResponse"),
        new("RuntimeService", "ListContainerStats", "ListContainerStatsRequest", "ListContainerStatsResponse"),
        new("RuntimeService", "StreamContainerStats", "StreamContainerStatsRequest", "StreamContainerStatsResponse", ServerStreaming: true),
        new("RuntimeService", "PodSandboxStats", "PodSandboxStatsRequest", "PodSandboxStatsResponse"),
        new("RuntimeService", "ListPodSandboxStats", "ListPodSandboxStatsRequest", "ListPodSandboxStatsResponse"),
        new("RuntimeService", "StreamPodSandboxStats", "StreamPodSandboxStatsRequest", "StreamPodSandboxStatsResponse", ServerStreaming: true),
        new("RuntimeService", "UpdateRuntimeConfig", "UpdateRuntimeConfigRequest", "UpdateRuntimeConfigResponse"),
        new("RuntimeService", "Status", "StatusRequest", "StatusResponse"),
        new("RuntimeService", "CheckpointContainer", "CheckpointContainerRequest", "CheckpointContainerResponse"),
        new("RuntimeService", "GetContainerEvents", "GetEventsRequest", "ContainerEventResponse", ServerStreaming: true),
        new("RuntimeService", "ListMetricDescriptors", "ListMetricDescriptorsRequest", "ListMetricDescriptorsResponse"),
        new("RuntimeService", "ListPodSandboxMetrics", "ListPodSandboxMetricsRequest", "ListPodSandboxMetricsResponse"),
        new("RuntimeService", "StreamPodSandboxMetrics", "StreamPodSandboxMetricsRequest", "StreamPodSandboxMetricsResponse", ServerStreaming: true),
        new("RuntimeService", "RuntimeConfig", "RuntimeConfigRequest", "RuntimeConfigResponse"),
        new("RuntimeService", "UpdatePodSandboxResources", "UpdatePodSandboxResourcesRequest", "UpdatePodSandboxResourcesResponse"),

        new("ImageService", "ListImages", "ListImagesRequest", "ListImagesResponse"),
        new("ImageService", "StreamImages", "StreamImagesRequest", "StreamImagesResponse", ServerStreaming: true),
        new("ImageService", "ImageStatus", "ImageStatusRequest", "ImageStatusResponse"),
        new("ImageService", "PullImage", "PullImageRequest", "PullImageResponse"),
        new("ImageService", "RemoveImage", "RemoveImageRequest", "RemoveImageResponse"),
        new("ImageService", "ImageFsInfo", "ImageFsInfoRequest", "ImageFsInfoResponse"),
    ];

    [Test]
    public void FileDeclaresTheUpstreamPackageAndServices()
    {
        var file = ApiReflection.Descriptor;

        Assert.Multiple(() =>
        {
            Assert.That(file.Package, Is.EqualTo("runtime.v1"));
            Assert.That(file.Services.Select(s => s.FullName), Is.EqualTo(new[] { "runtime.v1.RuntimeService", "runtime.v1.ImageService" }));
        });
    }

    [Test]
    public void EveryRpcMatchesUpstream()
    {
        var actual = ApiReflection.Descriptor.Services
            .SelectMany(s => s.Methods)
            .Select(Describe)
            .ToList();
        var expected = Upstream
            .Select(r => new Rpc($"runtime.v1.{r.Service}", r.Method, $"runtime.v1.{r.Request}", $"runtime.v1.{r.Response}", r.ServerStreaming))
            .ToList();

        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void NoRpcIsClientStreaming()
    {
        var clientStreaming = ApiReflection.Descriptor.Services
            .SelectMany(s => s.Methods)
            .Where(m => m.IsClientStreaming)
            .Select(m => m.FullName);

        Assert.That(clientStreaming, Is.Empty);
    }

    private static Rpc Describe(MethodDescriptor m) =>
        new(m.Service.FullName, m.Name, m.InputType.FullName, m.OutputType.FullName, m.IsServerStreaming);
}
