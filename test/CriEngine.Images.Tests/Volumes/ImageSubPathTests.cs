using CriEngine.Grpc;
using CriEngine.Images.Volumes;
using CriEngine.TestSupport;

namespace CriEngine.Images.Tests.Volumes;

/// <summary>image_sub_path resolved inside an image's root: symlinks followed as the image sees them, never out of it.</summary>
public sealed class ImageSubPathTests
{
    private TempDirectory _root = null!;

    [SetUp]
    public void Create()
    {
        _root = new TempDirectory("criengine-subpath");
        Directory.CreateDirectory(_root.Combine("etc", "app"));
        Directory.CreateDirectory(_root.Combine("data"));
        File.CreateSymbolicLink(_root.Combine("data", "relative"), "../etc/app");
        File.CreateSymbolicLink(_root.Combine("data", "absolute"), "/etc");
        File.CreateSymbolicLink(_root.Combine("data", "out"), "../../..");
        File.CreateSymbolicLink(_root.Combine("data", "loop"), "loop");
    }

    [TearDown]
    public void Remove() => _root.Dispose();

    [TestCase("", "")]
    [TestCase("etc/app", "/etc/app")]
    [TestCase("./etc//app/", "/etc/app")]
    [TestCase("data/relative", "/etc/app")]
    [TestCase("data/absolute/app", "/etc/app")]
    public void A_sub_path_inside_the_image_resolves_to_its_host_path(string subPath, string inImage)
    {
        Assert.That(ImageSubPath.Resolve(_root.Path, subPath, "img", "mount /vol"), Is.EqualTo(_root.Path + inImage));
    }

    [TestCase("/etc", "must be relative")]
    [TestCase("etc/../etc", "escapes the image")]
    [TestCase("data/out", "escapes the image through a symlink")]
    [TestCase("data/missing", "/data/missing does not exist")]
    [TestCase("data/relative/none", "/etc/app/none does not exist")]
    [TestCase("data/loop", "too many levels of symbolic links")]
    public void A_sub_path_that_leaves_the_image_or_is_not_there_is_refused_naming_it(string subPath, string cause)
    {
        var error = Assert.Throws<RpcException>(() => ImageSubPath.Resolve(_root.Path, subPath, "img", "mount /vol"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.StartWith($"mount /vol: image_sub_path \"{subPath}\" of image img: ").And.Contain(cause));
    }
}
