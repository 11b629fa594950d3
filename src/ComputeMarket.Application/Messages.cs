namespace ComputeMarket.Application;

/// <summary>
/// The resource of the messages use cases give people (<c>Resources/Messages.resx</c> in English,
/// <c>Resources/Messages.zh-CN.resx</c> in Simplified Chinese): handlers and validators take an
/// <c>IStringLocalizer&lt;Messages&gt;</c> and look up the English text, which is the key.
/// </summary>
public sealed class Messages;
