using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ComputeMarket.Web.Api;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: the API's endpoints only (pages are not part of it), with the key scheme
/// the metering and usage endpoints take.
/// </summary>
internal static class ApiDocument
{
    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "ComputeMarket API",
                Version = "v1",
                Description = "Metering agents report usage and list the allocations they serve with a metering key; organizations read their usage with a usage key (Authorization: Bearer YOUR_KEY; keys are made on /org/{orgId}/keys). Amounts are integers in the currency's minor unit (fen); times are UTC (ISO 8601). Every failure is RFC 7807 problem details.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A metering key (cmm_…) or a usage key (cmu_…), made by an organization's owner.",
            };
            return Task.CompletedTask;
        });
    }
}
