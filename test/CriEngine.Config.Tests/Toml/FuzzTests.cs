using System.Text;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

/// <summary>
/// Random mutations of valid documents. Whatever the input, the parser may only succeed or throw
/// <see cref="TomlParseException"/>; and whatever it accepts must survive a write and re-parse.
/// </summary>
public class FuzzTests
{
    private const string Alphabet = "\"'[]{}=.,#\\ \t\n\r_+-:0123456789eExobTtZzinfaurslINF\u0000\u0001\u001F\u007F\u00A0\uFEFF\uD800\uDC00é😂";

    [TestCase(11)]
    [TestCase(22)]
    [TestCase(33)]
    [TestCase(44)]
    public void Mutated_documents_only_ever_raise_parse_errors(int seed)
    {
        var random = new Random(seed);
        var accepted = 0;
        for (var i = 0; i < 5000; i++)
        {
            var document = Mutate(random, TomlSamples.Valid[random.Next(TomlSamples.Valid.Length)]);
            TomlTable parsed;
            try
            {
                parsed = TomlParser.Parse(document);
            }
            catch (TomlParseException error)
            {
                Assert.That(error.Line, Is.Positive, document);
                Assert.That(error.Column, Is.Positive, document);
                continue;
            }
            catch (Exception error)
            {
                Assert.Fail($"{error.GetType().Name} for document:\n{document}\n{error}");
                return;
            }
            accepted++;
            var written = TomlWriter.Write(parsed);
            Assert.That(TomlWriter.DeepEquals(TomlParser.Parse(written), parsed), Is.True, $"{document}\n---\n{written}");
        }
        Assert.That(accepted, Is.Positive, "some mutations should still be valid documents");
    }

    [TestCase(7)]
    public void Random_character_soup_only_ever_raises_parse_errors(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 5000; i++)
        {
            var builder = new StringBuilder();
            var length = random.Next(40);
            for (var j = 0; j < length; j++)
                builder.Append(Alphabet[random.Next(Alphabet.Length)]);
            var document = builder.ToString();
            try
            {
                TomlParser.Parse(document);
            }
            catch (TomlParseException)
            {
            }
            catch (Exception error)
            {
                Assert.Fail($"{error.GetType().Name} for document:\n{document}\n{error}");
            }
        }
    }

    [Test]
    public void Every_prefix_of_a_valid_document_only_ever_raises_parse_errors()
    {
        foreach (var sample in TomlSamples.Valid)
        {
            for (var length = 0; length <= sample.Length; length++)
            {
                var document = sample[..length];
                Assert.That(() => { try { TomlParser.Parse(document); } catch (TomlParseException) { } }, Throws.Nothing, document);
            }
        }
    }

    private static string Mutate(Random random, string document)
    {
        var builder = new StringBuilder(document);
        var mutations = 1 + random.Next(3);
        for (var i = 0; i < mutations; i++)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(5))
            {
                case 0:
                    builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 1 when at < builder.Length:
                    builder.Remove(at, Math.Min(1 + random.Next(3), builder.Length - at));
                    break;
                case 2 when at < builder.Length:
                    builder[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                case 3 when at < builder.Length:
                    var length = Math.Min(1 + random.Next(20), builder.Length - at);
                    builder.Insert(random.Next(builder.Length + 1), builder.ToString(at, length));
                    break;
                default:
                    builder.Length = at;
                    break;
            }
        }
        return builder.ToString();
    }
}
