using System.Text.RegularExpressions;
using CriEngine.Config.Schema;

namespace CriEngine.Config;

/// <summary>
/// Checks a merged config as a whole, and settles what CRI-O settles while validating (an
/// empty default_runtime, gRPC sizes of 0 or less, timeouts below their minimum,
/// inherit_default_runtime), so that the snapshot holds the values the engine acts on.
/// <para>
/// Runtime handlers follow CRI-O: a problem with the default handler is an error; a problem
/// with another handler (binary missing, bad runtime_type...) leaves that handler out with a
/// warning, so a node that CRI-O starts on starts here too.
/// </para>
/// </summary>
internal sealed partial class ConfigValidator(ToolLocator tools, OriginMap origins)
{
    private static readonly KeyPath RuntimePath = KeyPath.Of("crio", "runtime");
    private static readonly KeyPath RuntimesPath = RuntimePath.Child("runtimes");
    private static readonly KeyPath WorkloadsPath = RuntimePath.Child("workloads");
    private static readonly KeyPath ApiPath = KeyPath.Of("crio", "api");

    private readonly List<ConfigIssue> _errors = [];
    private readonly List<ConfigIssue> _warnings = [];

    public IReadOnlyList<ConfigIssue> Errors => _errors;

    public IReadOnlyList<ConfigIssue> Warnings => _warnings;

    public CrioConfig Validate(CrioConfig config)
    {
        config = Settle(config);
        _errors.AddRange(ConfigSchema.Tree.Check(config, KeyPath.Root, origins));
        CheckStreamTls(config.Api);
        var runtime = config.Runtime;
        if (runtime.Runtimes.ContainsKey(runtime.DefaultRuntime))
        {
            runtime = CheckHandlers(runtime);
            CheckMonitors(runtime);
        }
        else
        {
            _errors.Add(Issue(RuntimePath.Child("default_runtime"), runtime.DefaultRuntime,
                $"no runtime handler [{RuntimesPath.Child(runtime.DefaultRuntime)}] is defined"));
        }
        CheckWorkloads(runtime);
        return config with { Runtime = runtime };
    }

    private static CrioConfig Settle(CrioConfig config) => config with
    {
        Api = config.Api with
        {
            GrpcMaxSendMsgSize = config.Api.GrpcMaxSendMsgSize > 0 ? config.Api.GrpcMaxSendMsgSize : ApiKeys.DefaultGrpcMessageSize,
            GrpcMaxRecvMsgSize = config.Api.GrpcMaxRecvMsgSize > 0 ? config.Api.GrpcMaxRecvMsgSize : ApiKeys.DefaultGrpcMessageSize,
        },
        Runtime = SettleRuntime(SettleDefaultRuntime(config.Runtime)),
    };

    private static RuntimeSection SettleRuntime(RuntimeSection runtime) => runtime with
    {
        CtrStopTimeout = Math.Max(runtime.CtrStopTimeout, RuntimeKeys.MinimumStopTimeout),
        Runtimes = ValueMap<RuntimeHandlerSection>.From(
            runtime.Runtimes.Select(entry => KeyValuePair.Create(entry.Key, SettleHandler(entry.Value)))),
    };

    private static RuntimeHandlerSection SettleHandler(RuntimeHandlerSection handler) => handler with
    {
        ContainerCreateTimeout = handler.ContainerCreateTimeout == 0
            ? RuntimeHandlerKeys.DefaultCreateTimeout
            : Math.Max(handler.ContainerCreateTimeout, RuntimeHandlerKeys.MinimumCreateTimeout),
    };

    /// <summary>CRI-O reads an empty default_runtime as crun, and adds its built-in crun handler if no file defined one.</summary>
    private static RuntimeSection SettleDefaultRuntime(RuntimeSection runtime) =>
        runtime.DefaultRuntime != "" ? runtime : runtime with
        {
            DefaultRuntime = RuntimeKeys.DefaultRuntimeName,
            Runtimes = runtime.Runtimes.ContainsKey(RuntimeKeys.DefaultRuntimeName)
                ? runtime.Runtimes
                : runtime.Runtimes.SetItem(RuntimeKeys.DefaultRuntimeName, RuntimeKeys.DefaultHandler),
        };

    private void CheckStreamTls(ApiSection api)
    {
        if (!api.StreamEnableTls)
            return;
        if (api.StreamTlsCert == "")
            _errors.Add(Issue(ApiPath.Child("stream_tls_cert"), "", "must be set when stream_enable_tls is true"));
        if (api.StreamTlsKey == "")
            _errors.Add(Issue(ApiPath.Child("stream_tls_key"), "", "must be set when stream_enable_tls is true"));
    }

    private RuntimeSection CheckHandlers(RuntimeSection runtime)
    {
        var defaultHandler = runtime.DefaultHandler;
        var handlers = runtime.Runtimes;
        foreach (var (name, declared) in runtime.Runtimes)
        {
            var handler = declared.InheritDefaultRuntime ? Inherit(declared, defaultHandler, runtime.DefaultRuntime) : declared;
            var problems = HandlerProblems(name, handler, RuntimesPath.Child(name)).ToList();
            if (name == runtime.DefaultRuntime)
            {
                _errors.AddRange(problems);
            }
            else if (problems.Count > 0)
            {
                _warnings.AddRange(problems.Select(problem => problem with { Reason = $"{problem.Reason}; runtime handler \"{name}\" is left out" }));
                handlers = handlers.Remove(name);
                continue;
            }
            handlers = handlers.SetItem(name, handler);
        }
        return runtime with { Runtimes = handlers };
    }

    /// <summary>As CRI-O does: the runtime fields come from the default handler, whose binary is looked up by its name if it has no path.</summary>
    private RuntimeHandlerSection Inherit(RuntimeHandlerSection handler, RuntimeHandlerSection from, string fromName) => handler with
    {
        RuntimePath = from.RuntimePath != "" ? from.RuntimePath : tools.Find(fromName) ?? "",
        RuntimeType = from.RuntimeType,
        RuntimeRoot = from.RuntimeRoot,
        RuntimeConfigPath = from.RuntimeConfigPath,
    };

    private IEnumerable<ConfigIssue> HandlerProblems(string name, RuntimeHandlerSection handler, KeyPath path)
    {
        foreach (var issue in RuntimeHandlerKeys.Tree.Check(handler, path, origins))
            yield return issue;

        var runtimePath = path.Child("runtime_path");
        if (handler.RuntimePath == "" || handler.RuntimePath.StartsWith('/'))
        {
            var binary = tools.Find(handler.RuntimePath != "" ? handler.RuntimePath : name);
            if (binary is null)
                yield return Issue(runtimePath, handler.RuntimePath, handler.RuntimePath == "" ? $"\"{name}\" not found in $PATH" : "no executable file at this path");
            else if (handler.RuntimeType == RuntimeTypes.Vm && !ContainerdShimName().IsMatch(Path.GetFileName(binary)))
                yield return Issue(runtimePath, handler.RuntimePath, "a \"vm\" runtime must be a containerd shim named containerd-shim-NAME-v2");
        }
        if (handler.RuntimeConfigPath != "" && handler.RuntimeType != RuntimeTypes.Vm)
            yield return Issue(path.Child("runtime_config_path"), handler.RuntimeConfigPath, "can only be used with runtime_type \"vm\"");
        if (handler.NoSyncLog && !handler.IsOci)
            yield return Issue(path.Child("no_sync_log"), true, "can only be used with runtime_type \"oci\"");
        if (handler.StreamWebsockets && handler.RuntimeType != RuntimeTypes.Pod)
            yield return Issue(path.Child("stream_websockets"), true, "can only be used with runtime_type \"pod\"");
        foreach (var issue in AllowedAnnotationProblems(handler.AllowedAnnotations, path))
            yield return issue;
    }

    /// <summary>CRI-O refuses an allowed_annotations entry that is none of the annotations it knows.</summary>
    private IEnumerable<ConfigIssue> AllowedAnnotationProblems(ValueList<string> allowed, KeyPath path) =>
        allowed.Where(name => !ExperimentalAnnotations.IsKnown(name))
            .Select(name => Issue(path.Child("allowed_annotations"), name, "not an annotation CRI-O knows (see crio.conf(5), allowed_annotations)"));

    /// <summary>CRI-O checks the monitor of every oci handler, default or not, and refuses to start if one is unusable.</summary>
    private void CheckMonitors(RuntimeSection runtime)
    {
        var problems = new List<ConfigIssue>();
        foreach (var (name, handler) in runtime.Runtimes.Where(entry => entry.Value.IsOci))
        {
            var handlerPath = RuntimesPath.Child(name);
            if (MonitorCgroupProblem(runtime, handler) is { } reason)
            {
                problems.Add(runtime.ConmonCgroup != ""
                    ? Issue(RuntimePath.Child("conmon_cgroup"), runtime.ConmonCgroup, reason)
                    : Issue(handlerPath.Child("monitor_cgroup"), handler.MonitorCgroup, reason));
            }
            var monitor = runtime.MonitorPathFor(handler);
            if ((monitor == "" || monitor.StartsWith('/')) && tools.Find(monitor != "" ? monitor : "conmon") is null)
            {
                var key = runtime.Conmon != "" ? RuntimePath.Child("conmon") : handlerPath.Child("monitor_path");
                problems.Add(Issue(key, monitor, monitor == "" ? "\"conmon\" not found in $PATH" : "no executable file at this path"));
            }
        }
        _errors.AddRange(problems.Distinct());
    }

    private static string? MonitorCgroupProblem(RuntimeSection runtime, RuntimeHandlerSection handler)
    {
        var cgroup = runtime.MonitorCgroupFor(handler);
        return runtime.CgroupManager switch
        {
            CgroupManagers.Systemd when cgroup != "pod" && !cgroup.EndsWith(".slice", StringComparison.Ordinal) =>
                "must be \"pod\" or a systemd slice (ending in \".slice\") with cgroup_manager \"systemd\"",
            CgroupManagers.Cgroupfs when cgroup is not ("pod" or "") =>
                "must be \"pod\" or empty with cgroup_manager \"cgroupfs\"",
            _ => null,
        };
    }

    private void CheckWorkloads(RuntimeSection runtime)
    {
        foreach (var (name, workload) in runtime.Workloads)
        {
            var path = WorkloadsPath.Child(name);
            _errors.AddRange(WorkloadKeys.Tree.Check(workload, path, origins));
            if (workload.ActivationAnnotation == "")
                _errors.Add(Issue(path.Child("activation_annotation"), "", "must be set"));
            _errors.AddRange(AllowedAnnotationProblems(workload.AllowedAnnotations, path));
            var resources = workload.Resources;
            var resourcesPath = path.Child("resources");
            if (!CpuList().IsMatch(resources.CpuSet))
                _errors.Add(Issue(resourcesPath.Child("cpuset"), resources.CpuSet, "not a CPU list such as \"0-2,4\""));
            if (resources.CpuQuota != 0 && resources.CpuQuota < resources.CpuShares)
                _errors.Add(Issue(resourcesPath.Child("cpuquota"), resources.CpuQuota, $"cannot be less than cpushares {resources.CpuShares}"));
            if (resources.CpuPeriod != 0 && resources.CpuPeriod < MinimumCpuPeriod)
                _errors.Add(Issue(resourcesPath.Child("cpuperiod"), resources.CpuPeriod, "cannot be less than 1000 microseconds"));
        }
        if (!CpuList().IsMatch(runtime.InfraCtrCpuset))
            _errors.Add(Issue(RuntimePath.Child("infra_ctr_cpuset"), runtime.InfraCtrCpuset, "not a CPU list such as \"0-2,4\""));
    }

    /// <summary>The kernel's shortest CFS period, in microseconds.</summary>
    private const long MinimumCpuPeriod = 1000;

    // A Linux CPU list ("0-3,6"), or empty for none.
    [GeneratedRegex(@"^$|^\d+(-\d+)?(,\d+(-\d+)?)*$")]
    private static partial Regex CpuList();

    private ConfigIssue Issue(KeyPath path, string value, string reason) =>
        new(origins.Of(path), path.Text, TextKind.Instance.Format(value), reason);

    private ConfigIssue Issue(KeyPath path, long value, string reason) =>
        new(origins.Of(path), path.Text, IntegerKind.Instance.Format(value), reason);

    private ConfigIssue Issue(KeyPath path, bool value, string reason) =>
        new(origins.Of(path), path.Text, BooleanKind.Instance.Format(value), reason);

    // CRI-O's pattern for the binary of a "vm" handler, matched anywhere in its file name.
    [GeneratedRegex(@"containerd-shim-([a-zA-Z0-9\-\+])+-v2")]
    private static partial Regex ContainerdShimName();
}
