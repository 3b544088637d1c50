using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using CriEngine.Config;

namespace CriEngine.Config.Tests.Keys;

/// <summary>
/// The config getters the daemon's compiled code calls: from every CriEngine assembly but the
/// config library, and, inside it, from the config records' own members (a derived value such as
/// <see cref="RuntimeSection.MonitorPathFor"/>) that the daemon calls, and from the loader's
/// handling of runtime handlers (inherit_default_runtime). Reading IL rather than source text
/// tells <c>RuntimeSection.ReadOnly</c> from every other <c>ReadOnly</c>.
/// </summary>
internal static class EngineReads
{
    /// <summary>Code that only reports the config (crio status info, CRI-O's reload lines); reading a key there is not acting on it.</summary>
    private static readonly string[] ReportingTypes = ["CriEngine.Server.Inspect.InspectEndpoints", "CriEngine.Server.CrioReloadMessages"];

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Assembly ConfigAssembly = typeof(CrioConfig).Assembly;

    private static readonly Lazy<HashSet<int>> Tokens = new(Find);

    /// <summary>Whether the daemon calls <paramref name="getter"/>, a method of the config library.</summary>
    public static bool Calls(MethodInfo getter) => Tokens.Value.Contains(getter.MetadataToken);

    private static HashSet<int> Find()
    {
        var called = new HashSet<int>();
        var pending = new Queue<MethodBase>();
        void Add(MethodBase callee)
        {
            if (callee.Module == ConfigAssembly.ManifestModule && called.Add(callee.MetadataToken))
                pending.Enqueue(callee);
        }

        foreach (var method in EngineAssemblies().SelectMany(Types).Where(type => !ReportingTypes.Any(reporting => type.FullName == reporting || type.FullName!.StartsWith(reporting + "+", StringComparison.Ordinal))).SelectMany(Methods))
        {
            foreach (var callee in Callees(method))
                Add(callee);
        }
        // The loader settles inherit_default_runtime itself: a handler takes the default handler's runtime fields.
        foreach (var callee in Callees(typeof(ConfigValidator).GetMethod("CheckHandlers", Declared)!))
            Add(callee);

        while (pending.TryDequeue(out var method))
        {
            if (!IsRecordMember(method))
                continue;
            foreach (var callee in Methods(method.DeclaringType!).Where(m => IsLambdaOf(m, method)).Prepend(method).SelectMany(Callees))
                Add(callee);
        }
        return called;
    }

    private static IEnumerable<Assembly> EngineAssemblies()
    {
        var directory = Path.GetDirectoryName(typeof(EngineReads).Assembly.Location)!;
        return Directory.GetFiles(directory, "CriEngine.*.dll")
            .Append(Path.Combine(directory, "criengine.dll"))
            .Select(path => AssemblyName.GetAssemblyName(path))
            .Where(name => name.Name != ConfigAssembly.GetName().Name && name.Name != "CriEngine.TestSupport" && !name.Name!.EndsWith(".Tests", StringComparison.Ordinal))
            .Select(Assembly.Load);
    }

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }

    private static IEnumerable<MethodBase> Methods(Type type) =>
        [.. type.GetMethods(Declared), .. type.GetConstructors(Declared), .. type.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public).SelectMany(Methods)];

    /// <summary>A hand-written member of a config record; the compiler's own (Equals, ToString, auto-getters) read every key and act on none.</summary>
    private static bool IsRecordMember(MethodBase method) =>
        method.DeclaringType is { Namespace: "CriEngine.Config" } type
        && type.GetMethod("<Clone>$") is not null
        && !method.IsDefined(typeof(CompilerGeneratedAttribute));

    private static bool IsLambdaOf(MethodBase candidate, MethodBase method) =>
        candidate.DeclaringType != method.DeclaringType && candidate.Name.StartsWith($"<{method.Name}>", StringComparison.Ordinal);

    /// <summary>The methods <paramref name="method"/> calls or makes delegates of, read from its IL.</summary>
    private static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException)
        {
            il = null;
        }
        if (il is null)
            yield break;
        var typeArguments = method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? OpCodesByValue[unchecked((short)(0xFE00 | il[i + 1]))] : OpCodesByValue[il[i]];
            i += code.Size;
            if (code.OperandType == OperandType.InlineMethod)
            {
                MethodBase? callee = null;
                try
                {
                    callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                }
                catch (Exception e) when (e is ArgumentException or TypeLoadException or FileNotFoundException or MissingMethodException or BadImageFormatException)
                {
                }
                if (callee is not null)
                    yield return callee;
            }
            i += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }
}
