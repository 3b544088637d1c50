using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The process arguments by Kubernetes' rules: a command replaces the image's entrypoint and
/// drops its cmd; args alone replace the cmd; neither runs entrypoint + cmd.
/// </summary>
internal static class ContainerCommand
{
    public static IReadOnlyList<string> Resolve(ContainerConfig config, ImageDefaults image, string subject)
    {
        IEnumerable<string> command = config.Command;
        IEnumerable<string> arguments = config.Args;
        if (config.Command.Count == 0)
        {
            command = image.Entrypoint;
            if (config.Args.Count == 0)
                arguments = image.Cmd;
        }
        var process = command.Concat(arguments).ToList();
        return process.Count > 0
            ? process
            : throw new RpcException(StatusCode.InvalidArgument, $"{subject}: no command: neither the request nor the image gives one");
    }
}
