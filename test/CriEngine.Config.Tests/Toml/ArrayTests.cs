using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class ArrayTests
{
    [Test]
    public void Spec_array_examples_read_with_their_element_types()
    {
        const string document = """"
            integers = [ 1, 2, 3 ]
            colors = [ "red", "yellow", "green" ]
            nested_arrays_of_ints = [ [ 1, 2 ], [3, 4, 5] ]
            nested_mixed_array = [ [ 1, 2 ], ["a", "b", "c"] ]
            string_array = [ "all", 'strings', """are the same""", '''type''' ]

            # Mixed-type arrays are allowed
            numbers = [ 0.1, 0.2, 0.5, 1, 2, 5 ]
            contributors = [
              "Foo Bar <foo@example.com>",
              { name = "Baz Qux", email = "bazqux@example.com", url = "https://example.com/bazqux" }
            ]
            """";

        Assert.That(TomlDump.Parse(document), Is.EqualTo(
            "{integers: [1, 2, 3], colors: [\"red\", \"yellow\", \"green\"], nested_arrays_of_ints: [[1, 2], [3, 4, 5]], "
            + "nested_mixed_array: [[1, 2], [\"a\", \"b\", \"c\"]], string_array: [\"all\", \"strings\", \"are the same\", \"type\"], "
            + "numbers: [float(0.1), float(0.2), float(0.5), 1, 2, 5], "
            + "contributors: [\"Foo Bar <foo@example.com>\", {name: \"Baz Qux\", email: \"bazqux@example.com\", url: \"https://example.com/bazqux\"}]}"));
    }

    [Test]
    public void Arrays_may_span_lines_with_comments_and_a_trailing_comma()
    {
        const string document = """
            integers2 = [
              1, 2, 3
            ]

            integers3 = [
              1,
              2, # this is ok
            ]
            """;

        Assert.That(TomlDump.Parse(document), Is.EqualTo("{integers2: [1, 2, 3], integers3: [1, 2]}"));
    }

    [TestCase("v = []", "[]")]
    [TestCase("v = [ ]", "[]")]
    [TestCase("v = [\n]", "[]")]
    [TestCase("v = [ # comment\n]", "[]")]
    [TestCase("v = [1]", "[1]")]
    [TestCase("v = [1,]", "[1]")]
    [TestCase("v = [1 , 2 ,]", "[1, 2]")]
    [TestCase("v = [1\n,\n2\n,\n]", "[1, 2]")]
    [TestCase("v = [\r\n1,\r\n2\r\n]", "[1, 2]")]
    [TestCase("v = [\t1\t,\t2\t]", "[1, 2]")]
    [TestCase("v = [[],[[]]]", "[[], [[]]]")]
    [TestCase("v = [1,[2,[3]]]", "[1, [2, [3]]]")]
    [TestCase("v = [true, 1, 1.5, 'x', 1979-05-27, 07:32:00, [], {}]", "[true, 1, float(1.5), \"x\", ld(1979-05-27), lt(07:32:00), [], {}]")]
    [TestCase("v = [\"a]\", 'b,', \"\"\"c\n]\"\"\"]", "[\"a]\", \"b,\", \"c\\n]\"]")]
    [TestCase("v = [ { a = 1 }, { a = 2 } ]", "[{a: 1}, {a: 2}]")]
    [TestCase("v = [{}, {a.b = 1}]", "[{}, {a: {b: 1}}]")]
    [TestCase("v = [-inf, nan]", "[float(-Infinity), float(NaN)]")]
    public void Array_reads_its_elements(string document, string expected)
    {
        Assert.That(TomlDump.Of(TomlAssert.ValueOf(document)), Is.EqualTo(expected));
    }

    [TestCase("v = [1,,2]", 1, 8, "expected a value, found ','")]
    [TestCase("v = [,]", 1, 6, "expected a value, found ','")]
    [TestCase("v = [,1]", 1, 6, "expected a value, found ','")]
    [TestCase("v = [1 2]", 1, 8, "expected ',' or ']' in array, found '2'")]
    [TestCase("v = [1\n2]", 2, 1, "expected ',' or ']' in array, found '2'")]
    [TestCase("v = [\"a\" \"b\"]", 1, 10, "expected ',' or ']' in array, found '\"'")]
    [TestCase("v = [1, 2", 1, 10, "unterminated array")]
    [TestCase("v = [1, 2,", 1, 11, "unterminated array")]
    [TestCase("v = [", 1, 6, "unterminated array")]
    [TestCase("v = [\n1,\n", 3, 1, "unterminated array")]
    [TestCase("v = [1, 2 # ]", 1, 14, "unterminated array")]
    [TestCase("v = [1, 2}", 1, 10, "expected ',' or ']' in array, found '}'")]
    [TestCase("v = [1] x", 1, 9, "expected a newline after the value, found 'x'")]
    [TestCase("v = [1]]", 1, 8, "expected a newline after the value, found ']'")]
    [TestCase("v = [a]", 1, 6, "invalid value \"a\" (strings must be quoted, booleans are lowercase)")]
    [TestCase("v = [1, a = 2]", 1, 9, "invalid value \"a\" (strings must be quoted, booleans are lowercase)")]
    [TestCase("v = [1\r2]", 1, 7, "expected ',' or ']' in array, found carriage return")]
    public void Malformed_array_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
