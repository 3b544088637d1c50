using CriEngine.Config;

namespace CriEngine.Images.Registries;

/// <summary>
/// One <c>[[registry]]</c> table of registries.conf: the settings for the images whose names
/// start with <see cref="Prefix"/>.
/// </summary>
/// <param name="Prefix">
/// <c>host[:port]</c>, <c>host[:port]/path</c>, <c>host[:port]/path(:tag|@digest)</c>, or
/// <c>*.domain</c> for every subdomain of a domain.
/// </param>
/// <param name="Location">
/// Where the prefix's images physically are, <c>host[:port][/path]</c>; empty only for a
/// wildcard prefix, whose images are pulled from where their names say.
/// </param>
/// <param name="Origin">The file and line of the table, for messages.</param>
public sealed record RegistryEntry(
    string Prefix,
    string Location,
    bool Insecure,
    bool Blocked,
    bool MirrorByDigestOnly,
    ValueList<RegistryMirror> Mirrors,
    ValueOrigin Origin);
