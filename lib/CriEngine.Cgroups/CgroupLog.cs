using Microsoft.Extensions.Logging;

namespace CriEngine.Cgroups;

internal static partial class CgroupLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "cgroup {Path}: created in {Hierarchies} hierarchies")]
    public static partial void Created(this ILogger logger, string path, int hierarchies);

    [LoggerMessage(Level = LogLevel.Debug, Message = "cgroup {Path}: pid {Pid} moved in")]
    public static partial void Joined(this ILogger logger, string path, int pid);

    [LoggerMessage(Level = LogLevel.Debug, Message = "cgroup {Path}: removed")]
    public static partial void Removed(this ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cgroup {Directory}: controller {Controller} not enabled for children: {Cause}")]
    public static partial void ControllerNotEnabled(this ILogger logger, string directory, string controller, string cause);

    [LoggerMessage(Level = LogLevel.Debug, Message = "cgroup {Path}: {Files} limit files written")]
    public static partial void LimitsWritten(this ILogger logger, string path, int files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cgroup file {File}: its previous value \"{Value}\" could not be written back: {Cause}")]
    public static partial void LimitNotRestored(this ILogger logger, string file, string value, string cause);
}
