using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComputeMarket.Web.Api;

/// <summary>
/// A choice (an enum without flags) in a JSON body is one member's name, in any case, or its number. The framework's
/// string converter also reads "Viewer,Owner" as the bitwise OR of two members — an invitation asked for as a viewer
/// and an owner became an owner's — and any number at all; here both are a 400. Choices are written as names.
/// </summary>
public sealed class ChoiceJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum && !typeToConvert.IsDefined(typeof(FlagsAttribute), inherit: false);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String
                && reader.GetString() is { } text
                && Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name)
            {
                return Enum.Parse<T>(name);
            }

            if (reader.TokenType == JsonTokenType.Number
                && reader.TryGetInt64(out var number)
                && Enum.ToObject(typeof(T), number) is T member
                && Enum.IsDefined(member)
                && Convert.ToInt64(member, CultureInfo.InvariantCulture) == number)
            {
                return member;
            }

            throw new JsonException($"Expected one of: {string.Join(", ", Enum.GetNames<T>())}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
