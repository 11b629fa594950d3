using System.Text.Json.Serialization;
using ComputeMarket.Application;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Infrastructure;
using ComputeMarket.Infrastructure.Jobs;
using ComputeMarket.Infrastructure.Persistence;
using ComputeMarket.Web.Api;
using ComputeMarket.Web.Forms;
using ComputeMarket.Web.Health;
using ComputeMarket.Web.Localization;
using ComputeMarket.Web.Security;
using ComputeMarket.Web.Security.RateLimiting;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration, builder.Environment);
builder.Services.AddAppIdentity().AddDefaultUI();
builder.Services.ConfigureApplicationCookie(CookieEvents.Configure);
builder.Services.AddTransient<IEmailSender, IdentityEmailSender>();

// Keys in the shared database, so every instance behind a load balancer reads the others' cookies.
builder.Services.AddDataProtection().SetApplicationName("ComputeMarket").PersistKeysToDbContext<AppDbContext>();

builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<ICurrentUser, CurrentUser>();
builder.Services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorization(Policies.Add);
builder.Services.AddScoped<IAuthorizationHandler, OrganizationAuthorizationHandler>();

builder.Services.AddRazorPages(options =>
{
    options.Conventions.AuthorizeFolder("/Org", Policies.OrganizationMember);
    options.Conventions.AuthorizePage("/Org/Listings", Policies.VerifiedProvider);
    options.Conventions.AuthorizePage("/Org/Listing", Policies.VerifiedProviderOwner);
    options.Conventions.AuthorizePage("/Org/Keys", Policies.OrganizationOwner);
    options.Conventions.AuthorizeFolder("/Admin", Policies.Administrator);
    options.Conventions.AuthorizeFolder("/Audit", Policies.AuditorOrAdministrator);
    options.Conventions.AuthorizePage("/Dashboard");
    options.Conventions.AddPageRoute("/Org/Listing", "/org/{orgId:guid}/listings/{offerId:guid}/edit");
}).AddMvcOptions(options =>
{
    // Use cases validate their own input (FluentValidation); MVC must not add "field is required" messages of its own.
    options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
    options.UseStrictBinding();
}).AddAppLocalization();
builder.Services.ConfigureOptions<LocalizedBindingMessages>();
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ApiProblems.Describe);
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.Converters.Add(new ChoiceJsonConverter());
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
});
builder.Services.AddOpenApi(ApiDocument.Configure);
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

// Security headers, trusted proxies, cookie flags, rate limits and sign-in protection (Security/EdgeSecurity.cs).
builder.AddEdgeSecurity();

var app = builder.Build();

using (var scope = app.Services.CreateScope())
{
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    RecurringJobs.Register(
        scope.ServiceProvider.GetRequiredService<IRecurringJobManager>(),
        scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ComputeMarket.Application.Metering.SettlementOptions>>().Value);

    // Hangfire's clients take their logger from its process-wide log provider when they are built. Built now, right
    // after this host's storage pointed that provider at this host's logging, the job client never holds the logging
    // of another host in the same process (test hosts), which may be disposed by the time a job is enqueued.
    _ = scope.ServiceProvider.GetRequiredService<IBackgroundJobClient>();
}

app.UseEdgeSecurity();
app.UseExceptionHandler("/Error");
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

// Error responses without a body become problem details on the API and the friendly error page elsewhere.
app.UseWhen(context => context.Request.Path.StartsWithSegments("/api"), branch => branch.UseStatusCodePages());
app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), branch => branch.UseStatusCodePagesWithReExecute("/Error/{0}"));
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseRequestLocalization();
app.UseStaffTwoFactor();
app.UseAppRateLimiting();
app.UseAuthorization();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapHangfireDashboard("/hangfire", new DashboardOptions
    {
        Authorization = [new HangfireDashboardAuthorization()],
        DashboardTitle = "ComputeMarket jobs",
        AppPath = "/admin/jobs",
    })
    .RequireAuthorization(Policies.Administrator);
app.MapGroup("/api/v1").MapOrganizationEndpoints().MapMeteringEndpoints();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference(SecurityHeaders.ApiReferencePath, options => options.WithTitle("ComputeMarket API"));
app.MapRazorPages();

await app.RunAsync();

/// <summary>The entry point, visible to the test projects' WebApplicationFactory.</summary>
public partial class Program;
