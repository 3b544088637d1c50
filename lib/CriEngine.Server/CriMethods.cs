using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

/// <summary>
/// The dispatch table of the CRI socket: the RPCs the engine serves, and every other RPC of
/// the v1 API answered UNIMPLEMENTED with its name, so a client learns what is missing.
/// </summary>
public static class CriMethods
{
    private const string Runtime = "/runtime.v1.RuntimeService/";
    private const string Image = "/runtime.v1.ImageService/";

    public static GrpcMethodTable Build(CriService service)
    {
        var table = new GrpcMethodTable()
            .AddUnary<VersionRequest, VersionResponse>(Runtime + "Version", VersionRequest.Parser, service.Version)
            .AddUnary<StatusRequest, StatusResponse>(Runtime + "Status", StatusRequest.Parser, service.Status)
            .AddUnary<RuntimeConfigRequest, RuntimeConfigResponse>(Runtime + "RuntimeConfig", RuntimeConfigRequest.Parser, service.RuntimeConfig)
            .AddUnary<UpdateRuntimeConfigRequest, UpdateRuntimeConfigResponse>(Runtime + "UpdateRuntimeConfig", UpdateRuntimeConfigRequest.Parser, service.UpdateRuntimeConfig)
            .AddUnary<RunPodSandboxRequest, RunPodSandboxResponse>(Runtime + "RunPodSandbox", RunPodSandboxRequest.Parser, service.RunPodSandbox)
            .AddUnary<StopPodSandboxRequest, StopPodSandboxResponse>(Runtime + "StopPodSandbox", StopPodSandboxRequest.Parser, service.StopPodSandbox)
            .AddUnary<RemovePodSandboxRequest, RemovePodSandboxResponse>(Runtime + "RemovePodSandbox", RemovePodSandboxRequest.Parser, service.RemovePodSandbox)
            .AddUnary<PodSandboxStatusRequest, PodSandboxStatusResponse>(Runtime + "PodSandboxStatus", PodSandboxStatusRequest.Parser, service.PodSandboxStatus)
            .AddUnary<ListPodSandboxRequest, ListPodSandboxResponse>(Runtime + "ListPodSandbox", ListPodSandboxRequest.Parser, service.ListPodSandbox)
            .AddServerStreaming<StreamPodSandboxesRequest, StreamPodSandboxesResponse>(Runtime + "StreamPodSandboxes", StreamPodSandboxesRequest.Parser, service.StreamPodSandboxes)
            .AddUnary<CreateContainerRequest, CreateContainerResponse>(Runtime + "CreateContainer", CreateContainerRequest.Parser, service.CreateContainer)
            .AddUnary<StartContainerRequest, StartContainerResponse>(Runtime + "StartContainer", StartContainerRequest.Parser, service.StartContainer)
            .AddUnary<StopContainerRequest, StopContainerResponse>(Runtime + "StopContainer", StopContainerRequest.Parser, service.StopContainer)
            .AddUnary<RemoveContainerRequest, RemoveContainerResponse>(Runtime + "RemoveContainer", RemoveContainerRequest.Parser, service.RemoveContainer)
            .AddUnary<ContainerStatusRequest, ContainerStatusResponse>(Runtime + "ContainerStatus", ContainerStatusRequest.Parser, service.ContainerStatus)
            .AddUnary<ListContainersRequest, ListContainersResponse>(Runtime + "ListContainers", ListContainersRequest.Parser, service.ListContainers)
            .AddServerStreaming<StreamContainersRequest, StreamContainersResponse>(Runtime + "StreamContainers", StreamContainersRequest.Parser, service.StreamContainers)
            .AddUnary<ExecSyncRequest, ExecSyncResponse>(Runtime + "ExecSync", ExecSyncRequest.Parser, service.ExecSync)
            .AddUnary<ExecRequest, ExecResponse>(Runtime + "Exec", ExecRequest.Parser, service.Exec)
            .AddUnary<AttachRequest, AttachResponse>(Runtime + "Attach", AttachRequest.Parser, service.Attach)
            .AddUnary<PortForwardRequest, PortForwardResponse>(Runtime + "PortForward", PortForwardRequest.Parser, service.PortForward)
            .AddUnary<ReopenContainerLogRequest, ReopenContainerLogResponse>(Runtime + "ReopenContainerLog", ReopenContainerLogRequest.Parser, service.ReopenContainerLog)
            .AddUnary<UpdateContainerResourcesRequest, UpdateContainerResourcesResponse>(Runtime + "UpdateContainerResources", UpdateContainerResourcesRequest.Parser, service.UpdateContainerResources)
            .AddUnary<UpdatePodSandboxResourcesRequest, UpdatePodSandboxResourcesResponse>(Runtime + "UpdatePodSandboxResources", UpdatePodSandboxResourcesRequest.Parser, service.UpdatePodSandboxResources)
            .AddUnary<ContainerStatsRequest, ContainerStatsResponse>(Runtime + "ContainerStats", ContainerStatsRequest.Parser, service.ContainerStats)
            .AddUnary<ListContainerStatsRequest, ListContainerStatsResponse>(Runtime + "ListContainerStats", ListContainerStatsRequest.Parser, service.ListContainerStats)
            .AddServerStreaming<StreamContainerStatsRequest, StreamContainerStatsResponse>(Runtime + "StreamContainerStats", StreamContainerStatsRequest.Parser, service.StreamContainerStats)
            .AddUnary<PodSandboxStatsRequest, PodSandboxStatsResponse>(Runtime + "PodSandboxStats", PodSandboxStatsRequest.Parser, service.PodSandboxStats)
            .AddUnary<ListPodSandboxStatsRequest, ListPodSandboxStatsResponse>(Runtime + "ListPodSandboxStats", ListPodSandboxStatsRequest.Parser, service.ListPodSandboxStats)
            .AddServerStreaming<StreamPodSandboxStatsRequest, StreamPodSandboxStatsResponse>(Runtime + "StreamPodSandboxStats", StreamPodSandboxStatsRequest.Parser, service.StreamPodSandboxStats)
            .AddServerStreaming<GetEventsRequest, ContainerEventResponse>(Runtime + "GetContainerEvents", GetEventsRequest.Parser, service.GetContainerEvents)
            .AddUnary<ListMetricDescriptorsRequest, ListMetricDescriptorsResponse>(Runtime + "ListMetricDescriptors", ListMetricDescriptorsRequest.Parser, service.ListMetricDescriptors)
            .AddUnary<ListPodSandboxMetricsRequest, ListPodSandboxMetricsResponse>(Runtime + "ListPodSandboxMetrics", ListPodSandboxMetricsRequest.Parser, service.ListPodSandboxMetrics)
            .AddServerStreaming<StreamPodSandboxMetricsRequest, StreamPodSandboxMetricsResponse>(Runtime + "StreamPodSandboxMetrics", StreamPodSandboxMetricsRequest.Parser, service.StreamPodSandboxMetrics)
            .AddUnary<PullImageRequest, PullImageResponse>(Image + "PullImage", PullImageRequest.Parser, service.PullImage)
            .AddUnary<ImageStatusRequest, ImageStatusResponse>(Image + "ImageStatus", ImageStatusRequest.Parser, service.ImageStatus)
            .AddUnary<ListImagesRequest, ListImagesResponse>(Image + "ListImages", ListImagesRequest.Parser, service.ListImages)
            .AddServerStreaming<StreamImagesRequest, StreamImagesResponse>(Image + "StreamImages", StreamImagesRequest.Parser, service.StreamImages)
            .AddUnary<RemoveImageRequest, RemoveImageResponse>(Image + "RemoveImage", RemoveImageRequest.Parser, service.RemoveImage)
            .AddUnary<CheckpointContainerRequest, CheckpointContainerResponse>(Runtime + "CheckpointContainer", CheckpointContainerRequest.Parser, service.CheckpointContainer)
            .AddUnary<ImageFsInfoRequest, ImageFsInfoResponse>(Image + "ImageFsInfo", ImageFsInfoRequest.Parser, service.ImageFsInfo);

        foreach (var api in ApiReflection.Descriptor.Services)
        {
            foreach (var method in api.Methods)
            {
                var path = $"/{api.FullName}/{method.Name}";
                if (!table.Contains(path))
                    table.Add(new RejectingMethod(path, StatusCode.Unimplemented, $"{api.FullName}.{method.Name} is not implemented by {EngineInfo.RuntimeName} {EngineInfo.Version}"));
            }
        }
        return table;
    }
}
