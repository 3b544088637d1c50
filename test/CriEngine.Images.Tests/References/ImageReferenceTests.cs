using CriEngine.Grpc;
using CriEngine.Images.References;

namespace CriEngine.Images.Tests.References;

/// <summary>
/// Cases from distribution/reference's reference_test.go and normalize_test.go, taken as facts
/// about Docker's grammar, with the components and canonical form each normalizes to.
/// </summary>
public sealed class ImageReferenceTests
{
    private const string Sha256F = "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    private const string Sha256Redis = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    private const string Sha256Busybox = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
    private static readonly string Sha512F = "sha512:" + new string('f', 128);
    private static readonly string LongestPath = string.Concat(Enumerable.Repeat("a/", 127)) + "a";

    private static IEnumerable<TestCaseData> ValidReferences()
    {
        // input, registry, repository, tag, digest, canonical
        object?[][] cases =
        [
            ["test_com", "docker.io", "library/test_com", "latest", null, "docker.io/library/test_com:latest"],
            ["test.com:tag", "docker.io", "library/test.com", "tag", null, "docker.io/library/test.com:tag"],
            ["test.com:5000", "docker.io", "library/test.com", "5000", null, "docker.io/library/test.com:5000"],
            ["test.com/repo:tag", "test.com", "repo", "tag", null, "test.com/repo:tag"],
            ["test:5000/repo", "test:5000", "repo", "latest", null, "test:5000/repo:latest"],
            ["test:5000/repo:tag", "test:5000", "repo", "tag", null, "test:5000/repo:tag"],
            ["test:5000/repo@" + Sha256F, "test:5000", "repo", null, Sha256F, "test:5000/repo@" + Sha256F],
            ["test:5000/repo:tag@" + Sha256F, "test:5000", "repo", "tag", Sha256F, "test:5000/repo:tag@" + Sha256F],
            ["lowercase:Uppercase", "docker.io", "library/lowercase", "Uppercase", null, "docker.io/library/lowercase:Uppercase"],
            [LongestPath + ":tag-puts-this-over-max", "docker.io", LongestPath, "tag-puts-this-over-max", null, "docker.io/" + LongestPath + ":tag-puts-this-over-max"],
            ["sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux", "latest", null, "sub-dom1.foo.com/bar/baz/quux:latest"],
            ["sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "bar/baz/quux", "some-long-tag", null, "sub-dom1.foo.com/bar/baz/quux:some-long-tag"],
            ["b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app", "test.example.com", null, "b.gcr.io/test.example.com/my-app:test.example.com"],
            ["xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com", null, "xn--n3h.com/myimage:xn--n3h.com"],
            ["xn--7o8h.com/myimage:xn--7o8h.com@" + Sha512F, "xn--7o8h.com", "myimage", "xn--7o8h.com", Sha512F, "xn--7o8h.com/myimage:xn--7o8h.com@" + Sha512F],
            ["foo_bar.com:8080", "docker.io", "library/foo_bar.com", "8080", null, "docker.io/library/foo_bar.com:8080"],
            ["foo/foo_bar.com:8080", "docker.io", "foo/foo_bar.com", "8080", null, "docker.io/foo/foo_bar.com:8080"],
            ["192.168.1.1", "docker.io", "library/192.168.1.1", "latest", null, "docker.io/library/192.168.1.1:latest"],
            ["192.168.1.1:tag", "docker.io", "library/192.168.1.1", "tag", null, "docker.io/library/192.168.1.1:tag"],
            ["192.168.1.1:5000", "docker.io", "library/192.168.1.1", "5000", null, "docker.io/library/192.168.1.1:5000"],
            ["192.168.1.1/repo", "192.168.1.1", "repo", "latest", null, "192.168.1.1/repo:latest"],
            ["192.168.1.1:5000/repo", "192.168.1.1:5000", "repo", "latest", null, "192.168.1.1:5000/repo:latest"],
            ["192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo", "5050", null, "192.168.1.1:5000/repo:5050"],
            ["[2001:db8::1]/repo", "[2001:db8::1]", "repo", "latest", null, "[2001:db8::1]/repo:latest"],
            ["[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "tag", null, "[2001:db8:1:2:3:4:5:6]/repo:tag"],
            ["[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "repo", "latest", null, "[2001:db8::1]:5000/repo:latest"],
            ["[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "repo", "tag", null, "[2001:db8::1]:5000/repo:tag"],
            ["[2001:db8::1]:5000/repo@" + Sha256F, "[2001:db8::1]:5000", "repo", null, Sha256F, "[2001:db8::1]:5000/repo@" + Sha256F],
            ["[2001:db8::1]:5000/repo:tag@" + Sha256F, "[2001:db8::1]:5000", "repo", "tag", Sha256F, "[2001:db8::1]:5000/repo:tag@" + Sha256F],
            ["[2001:db8::]:5000/repo", "[2001:db8::]:5000", "repo", "latest", null, "[2001:db8::]:5000/repo:latest"],
            ["[::1]:5000/repo", "[::1]:5000", "repo", "latest", null, "[::1]:5000/repo:latest"],
            ["[fc00::1]:5000/docker/docker", "[fc00::1]:5000", "docker/docker", "latest", null, "[fc00::1]:5000/docker/docker:latest"],
            ["[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000", "library/debian", "latest", null, "[fc00:1:2:3:4:5:6:7]:5000/library/debian:latest"],
            ["127.0.0.1:5000/docker/docker", "127.0.0.1:5000", "docker/docker", "latest", null, "127.0.0.1:5000/docker/docker:latest"],
            ["127.0.0.1:5000/debian", "127.0.0.1:5000", "debian", "latest", null, "127.0.0.1:5000/debian:latest"],
            ["192.168.0.1:8/debian", "192.168.0.1:8", "debian", "latest", null, "192.168.0.1:8/debian:latest"],
            ["192.168.0.1:80", "docker.io", "library/192.168.0.1", "80", null, "docker.io/library/192.168.0.1:80"],
            ["localhost/foo", "localhost", "foo", "latest", null, "localhost/foo:latest"],
            ["localhost:5000/foo/bar:v1", "localhost:5000", "foo/bar", "v1", null, "localhost:5000/foo/bar:v1"],
            ["example.com:8000/privatebase", "example.com:8000", "privatebase", "latest", null, "example.com:8000/privatebase:latest"],
            ["test-com:8080/foo", "test-com:8080", "foo", "latest", null, "test-com:8080/foo:latest"],
            ["Docker/docker", "Docker", "docker", "latest", null, "Docker/docker:latest"],
            ["DOCKER/docker", "DOCKER", "docker", "latest", null, "DOCKER/docker:latest"],
            ["Foo/bar", "Foo", "bar", "latest", null, "Foo/bar:latest"],
            ["thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "docker.io", "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "latest", null, "docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest"],
            ["docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "docker.io", "library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "latest", null, "docker.io/library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a:latest"],
            ["dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", "docker.io", "library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", "latest", null, "docker.io/library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9:latest"],
            ["dbcc1", "docker.io", "library/dbcc1", "latest", null, "docker.io/library/dbcc1:latest"],
            ["docker-rules/docker", "docker.io", "docker-rules/docker", "latest", null, "docker.io/docker-rules/docker:latest"],
            ["docker---rules/docker", "docker.io", "docker---rules/docker", "latest", null, "docker.io/docker---rules/docker:latest"],
            ["dock__er/docker", "docker.io", "dock__er/docker", "latest", null, "docker.io/dock__er/docker:latest"],
            ["example.com/a.b_c__d---e/f", "example.com", "a.b_c__d---e/f", "latest", null, "example.com/a.b_c__d---e/f:latest"],
            ["d/docker", "docker.io", "d/docker", "latest", null, "docker.io/d/docker:latest"],
            ["jess/t", "docker.io", "jess/t", "latest", null, "docker.io/jess/t:latest"],
            ["ubuntu-12.04-base", "docker.io", "library/ubuntu-12.04-base", "latest", null, "docker.io/library/ubuntu-12.04-base:latest"],
            ["store/foo/bar", "docker.io", "store/foo/bar", "latest", null, "docker.io/store/foo/bar:latest"],
            ["library/foo/bar", "docker.io", "library/foo/bar", "latest", null, "docker.io/library/foo/bar:latest"],
            ["redis@" + Sha256Redis, "docker.io", "library/redis", null, Sha256Redis, "docker.io/library/redis@" + Sha256Redis],
            ["dmcgowan/myapp@" + Sha256Redis, "docker.io", "dmcgowan/myapp", null, Sha256Redis, "docker.io/dmcgowan/myapp@" + Sha256Redis],
            ["busybox:latest@" + Sha256Busybox, "docker.io", "library/busybox", "latest", Sha256Busybox, "docker.io/library/busybox:latest@" + Sha256Busybox],
        ];
        return cases.Select(c => new TestCaseData(c[0], c[1], c[2], c[3], c[4], c[5]).SetArgDisplayNames(Display((string)c[0]!)));
    }

    [TestCaseSource(nameof(ValidReferences))]
    public void Valid_reference_parses_to_its_components_and_canonical_form(
        string input, string registry, string repository, string? tag, string? digest, string canonical)
    {
        var reference = ImageReference.Parse(input);

        Assert.Multiple(() =>
        {
            Assert.That(reference.Registry, Is.EqualTo(registry));
            Assert.That(reference.Repository, Is.EqualTo(repository));
            Assert.That(reference.Tag, Is.EqualTo(tag));
            Assert.That(reference.Digest?.ToString(), Is.EqualTo(digest));
            Assert.That(reference.Name, Is.EqualTo($"{registry}/{repository}"));
            Assert.That(reference.ToString(), Is.EqualTo(canonical));
        });
    }

    [TestCaseSource(nameof(ValidReferences))]
    public void Canonical_form_parses_back_to_the_same_reference(
        string input, string registry, string repository, string? tag, string? digest, string canonical)
    {
        Assert.That(ImageReference.Parse(canonical), Is.EqualTo(ImageReference.Parse(input)));
    }

    private static IEnumerable<TestCaseData> InvalidReferences()
    {
        string[][] cases =
        [
            ["", "empty"],
            [":justtag", "no repository name"],
            ["@" + Sha256F, "no repository name"],
            ["repo@sha256:ffffffffffffffffffffffffffffffffff", "invalid sha256 digest"],
            ["repo@sha256:" + new string('F', 64), "invalid sha256 digest"],
            ["validname@invaliddigest:" + new string('f', 64), "unsupported digest algorithm \"invaliddigest\""],
            ["repo@sha256", "invalid digest"],
            ["Uppercase:tag", "must be lower case"],
            ["test:5000/Uppercase/lowercase:tag", "must be lower case"],
            ["docker/Docker", "must be lower case"],
            ["docker.io/docker/Docker", "must be lower case"],
            [string.Concat(Enumerable.Repeat("a/", 128)) + "a:tag", "257 characters long, more than 255"],
            ["this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker", "more than 255"],
            ["aa/asdf$$^/aa", "invalid repository path component \"asdf$$^\""],
            ["[2001:db8::1]", "invalid tag"],
            ["[2001:db8::1]:5000", "invalid repository path component"],
            ["[2001:db8::1]:tag", "invalid repository path component"],
            ["[fe80::1%eth0]:5000/repo", "invalid registry \"[fe80::1%eth0]:5000\""],
            ["[fe80::1%@invalidzone]:5000/repo", "invalid digest"],
            ["[fc00::1]", "invalid tag"],
            ["[fc00::1]:5000", "invalid repository path component"],
            ["fc00::1:5000/debian", "invalid registry \"fc00::1:5000\""],
            ["[2001:db8:3:4::192.0.2.33]:5000/debian", "invalid registry"],
            ["https://github.com/docker/docker", "invalid registry \"https:\""],
            ["-docker", "invalid repository path component \"-docker\""],
            ["-docker/docker", "invalid repository path component \"-docker\""],
            ["-docker.io/docker/docker", "invalid registry \"-docker.io\""],
            ["docker-/docker", "invalid repository path component"],
            ["-docker-/docker", "invalid repository path component"],
            ["____/____", "invalid repository path component"],
            ["_docker/_docker", "invalid repository path component"],
            ["dock..er/docker", "invalid registry \"dock..er\""],
            ["dock_.er/docker", "invalid registry \"dock_.er\""],
            ["dock-.er/docker", "invalid registry \"dock-.er\""],
            ["dock..er", "invalid repository path component \"dock..er\""],
            ["example.com/dock_.er/docker", "invalid repository path component \"dock_.er\""],
            ["example.com/dock-.er/docker", "invalid repository path component \"dock-.er\""],
            ["example.com/a___b", "invalid repository path component \"a___b\""],
            ["example.com/a._b", "invalid repository path component \"a._b\""],
            ["docker///docker", "empty path component"],
            ["docker.io/docker///docker", "empty path component"],
            ["docker/", "empty path component"],
            ["1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "image ID"],
            ["busybox:-foo", "invalid tag \"-foo\""],
            ["busybox:.foo", "invalid tag"],
            ["busybox:" + new string('t', 129), "invalid tag"],
            ["busybox:a/b", "invalid registry \"busybox:a\""],
            ["example.com:/app", "invalid registry \"example.com:\""],
            ["exa_mple.com/app", "invalid registry"],
            ["busy box", "invalid repository path component"],
        ];
        return cases.Select(c => new TestCaseData(c[0], c[1]).SetArgDisplayNames(Display(c[0])));
    }

    [TestCaseSource(nameof(InvalidReferences))]
    public void Invalid_reference_is_refused_naming_the_input_and_the_reason(string input, string reason)
    {
        var error = Assert.Throws<RpcException>(() => ImageReference.Parse(input))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(error.Message, Does.StartWith($"invalid image reference \"{input}\": "));
            Assert.That(error.Message, Does.Contain(reason));
        });
    }

    [TestCase("busybox", true)]
    [TestCase("busybox:1.36", true)]
    [TestCase("library/busybox", true)]
    [TestCase("team/app@" + Sha256F, true)]
    [TestCase("localhost", true)]
    [TestCase("docker.io/busybox", false)]
    [TestCase("index.docker.io/library/busybox", false)]
    [TestCase("quay.io/team/app:v1", false)]
    [TestCase("localhost/app", false)]
    [TestCase("registry:5000/app", false)]
    [TestCase("[::1]:5000/app", false)]
    [TestCase("Registry/app", false)]
    public void Short_name_is_one_that_names_no_registry(string input, bool isShort)
    {
        Assert.That(ImageReference.IsShortName(input), Is.EqualTo(isShort));
    }

    [Test]
    public void Short_name_check_refuses_an_invalid_reference()
    {
        var error = Assert.Throws<RpcException>(() => ImageReference.IsShortName("Busybox"))!;

        Assert.That(error.Message, Is.EqualTo("invalid image reference \"Busybox\": repository name \"library/Busybox\" must be lower case"));
    }

    [Test]
    public void Reference_with_a_digest_is_pulled_by_the_digest_even_when_tagged()
    {
        var reference = ImageReference.Parse("busybox:1.36@" + Sha256Busybox);

        Assert.That(reference.ManifestReference, Is.EqualTo(Sha256Busybox));
    }

    [Test]
    public void Reference_without_a_digest_is_pulled_by_its_tag()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ImageReference.Parse("busybox").ManifestReference, Is.EqualTo("latest"));
            Assert.That(ImageReference.Parse("busybox:1.36").ManifestReference, Is.EqualTo("1.36"));
        });
    }

    [Test]
    public void Familiar_and_canonical_forms_of_a_name_are_equal()
    {
        var forms = new[] { "ubuntu", "ubuntu:latest", "library/ubuntu", "docker.io/ubuntu", "docker.io/library/ubuntu:latest", "index.docker.io/library/ubuntu" };

        Assert.That(forms.Select(ImageReference.Parse).Distinct().Count(), Is.EqualTo(1));
    }

    private static string Display(string input) => input.Length > 60 ? input[..57] + "..." : input;
}
