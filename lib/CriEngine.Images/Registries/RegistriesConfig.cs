using CriEngine.Config;
using CriEngine.Grpc;
using CriEngine.Images.References;

namespace CriEngine.Images.Registries;

/// <summary>
/// The registry settings in force: registries.conf with its drop-ins (containers-registries.conf(5),
/// containers-registries.conf.d(5)) and CRI-O's <c>insecure_registries</c>. Immutable and
/// compared by value, so that a reload builds a new one and swaps it in whole.
/// <para>
/// Which names to try for what the kubelet asked (<see cref="Candidates"/>):
/// a name that starts with a registry is itself, the only candidate; a short name matching an
/// <c>[aliases]</c> entry (looked up without its tag or digest) is the alias's name with the
/// tag or digest carried over, the only candidate; any other short name is tried on each
/// <c>unqualified-search-registries</c> entry in order (<c>docker.io</c> adding
/// <c>library/</c> to a name without a namespace); and with no such entry it is Docker's
/// normalization, <c>docker.io</c>. A name with neither tag nor digest gets the tag
/// <c>latest</c>. What to do with several candidates (<see cref="ShortNameMode"/>) is the
/// puller's decision.
/// </para>
/// <para>
/// Where to pull a name from (<see cref="PullSources"/>): the <c>[[registry]]</c> with the
/// longest matching prefix (see <see cref="FindRegistry"/>) decides. Its mirrors come first, in
/// order, except those that do not serve this pull (<c>pull-from-mirror</c>: digest-only ones
/// serve pulls by digest, tag-only ones pulls by tag; <c>mirror-by-digest-only</c> on the
/// registry keeps every mirror to pulls by digest), then its location. Each location stands for
/// the prefix: <c>prefix = "example.com/foo"</c> with <c>location = "mirror.local/bar"</c> pulls
/// <c>example.com/foo/app</c> as <c>bar/app</c> from <c>mirror.local</c>. A name no
/// <c>[[registry]]</c> matches is pulled from where it says.
/// </para>
/// </summary>
public sealed record RegistriesConfig
{
    internal RegistriesConfig(
        ValueList<string> unqualifiedSearchRegistries,
        ShortNameMode shortNameMode,
        ValueList<RegistryEntry> registries,
        ValueMap<string> aliases,
        ValueList<string> insecureRegistries)
    {
        UnqualifiedSearchRegistries = unqualifiedSearchRegistries;
        ShortNameMode = shortNameMode;
        Registries = registries;
        Aliases = aliases;
        InsecureRegistries = insecureRegistries;
    }

    /// <summary>No registries.conf at all and no insecure registries.</summary>
    public static RegistriesConfig Empty { get; } = new(
        ValueList<string>.Empty, ShortNameMode.Permissive, ValueList<RegistryEntry>.Empty, ValueMap<string>.Empty, ValueList<string>.Empty);

    /// <summary><c>host[:port]</c> entries to qualify short names with, in order.</summary>
    public ValueList<string> UnqualifiedSearchRegistries { get; }

    public ShortNameMode ShortNameMode { get; }

    /// <summary>The <c>[[registry]]</c> tables, one per prefix, ordered by prefix.</summary>
    public ValueList<RegistryEntry> Registries { get; }

    /// <summary>Short name (<c>busybox</c>) to qualified name (<c>docker.io/library/busybox</c>).</summary>
    public ValueMap<string> Aliases { get; }

    /// <summary>
    /// CRI-O's <c>insecure_registries</c>: networks in CIDR notation or registries.conf-style
    /// prefixes contacted without TLS verification, beside 127.0.0.0/8, which always is.
    /// </summary>
    public ValueList<string> InsecureRegistries { get; }

    /// <summary>
    /// With CRI-O's deprecated <c>[crio.image] registries</c>: those are searched for short names
    /// first, then registries.conf's own list.
    /// </summary>
    public RegistriesConfig WithSearchRegistriesFirst(IReadOnlyList<string> registries) =>
        registries.Count == 0
            ? this
            : new RegistriesConfig(
                ValueList<string>.From(registries.Concat(UnqualifiedSearchRegistries).Distinct()),
                ShortNameMode, Registries, Aliases, InsecureRegistries);

    /// <summary>
    /// With CRI-O's <c>[crio.image] short_name_mode</c> ("enforcing" or "disabled"), which takes
    /// the place of registries.conf's <c>short-name-mode</c>; empty keeps the file's.
    /// </summary>
    public RegistriesConfig WithShortNameMode(string crioMode) => crioMode switch
    {
        "enforcing" => new RegistriesConfig(UnqualifiedSearchRegistries, ShortNameMode.Enforcing, Registries, Aliases, InsecureRegistries),
        "disabled" => new RegistriesConfig(UnqualifiedSearchRegistries, ShortNameMode.Disabled, Registries, Aliases, InsecureRegistries),
        _ => this,
    };

    /// <summary>Reads registries.conf and its drop-ins (see <see cref="RegistriesConfigFiles"/>).</summary>
    /// <param name="insecureRegistries">CRI-O's <c>[crio.image] insecure_registries</c>.</param>
    /// <exception cref="ConfigException">Every problem in every file, each with its file, line and reason.</exception>
    public static Task<RegistriesConfig> LoadAsync(
        RegistriesConfigFiles files, IReadOnlyList<string> insecureRegistries, CancellationToken cancellationToken = default) =>
        RegistriesConfigLoader.LoadAsync(files, insecureRegistries, cancellationToken);

    /// <summary>The fully qualified references to try, in order, for a name as the kubelet gave it.</summary>
    /// <exception cref="RpcException">InvalidArgument: <paramref name="rawName"/> is no valid reference.</exception>
    public IReadOnlyList<ImageReference> Candidates(string rawName)
    {
        var parsed = ReferenceParser.Parse(rawName);
        if (parsed.NamesRegistry)
            return [parsed.Reference];
        if (Aliases.TryGetValue(parsed.GivenName, out var alias))
            return [ImageReference.Parse(alias + parsed.Suffix)];
        if (UnqualifiedSearchRegistries.Count == 0)
            return [parsed.Reference];
        return UnqualifiedSearchRegistries.Select(registry => ReferenceParser.Qualify(parsed, registry)).ToList();
    }

    /// <summary>
    /// The <c>[[registry]]</c> whose prefix matches the reference, the longest one if several do;
    /// null if none does. The reference's name, followed by the tag or digest it is pulled by,
    /// must start with the prefix and go on at a separator: <c>/</c> inside the name, <c>:</c> or
    /// <c>@</c> after it (so <c>example.com</c> does not match <c>example.com:5000/app</c>, nor
    /// <c>example.com/foo</c> match <c>example.com/foobar</c>). <c>*.example.com</c> matches
    /// every subdomain of example.com, at any port.
    /// </summary>
    public RegistryEntry? FindRegistry(ImageReference reference) =>
        Registries
            .Where(entry => PullSourcePlanner.Covered(entry.Prefix, reference) >= 0)
            .MaxBy(entry => entry.Prefix.Length);

    /// <summary>Where to try pulling <paramref name="reference"/> from, in order.</summary>
    /// <exception cref="RpcException">
    /// PermissionDenied when a blocked <c>[[registry]]</c> matches, naming it; InvalidArgument
    /// when a location leaves no repository to pull.
    /// </exception>
    public IReadOnlyList<PullSource> PullSources(ImageReference reference) =>
        PullSourcePlanner.Plan(reference, FindRegistry(reference), new InsecureRegistryList(InsecureRegistries));
}
