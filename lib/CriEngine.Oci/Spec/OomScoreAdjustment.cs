using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The oom_score_adj asked for and the one put in the spec. Lowering it needs CAP_SYS_RESOURCE,
/// which the engine may lack; a request below the engine's own value is raised to it
/// (containerd's restrict_oom_score_adj) rather than failing the container in runc.
/// </summary>
public sealed record OomScoreAdjustment(int Requested, int Applied)
{
    public const int Min = -1000;
    public const int Max = 1000;

    public bool Clamped => Applied != Requested;

    public static OomScoreAdjustment Clamp(long requested, int minimum, string subject)
    {
        if (requested is < Min or > Max)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: oom_score_adj {requested} is outside {Min}..{Max}");
        var value = (int)requested;
        return new OomScoreAdjustment(value, Math.Max(value, minimum));
    }
}
