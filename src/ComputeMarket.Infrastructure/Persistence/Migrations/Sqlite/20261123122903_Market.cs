using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComputeMarket.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Market : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DeliveredTokens",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "DisputeCount",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "LowBalanceThreshold",
                table: "Organizations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MonthlySpendingLimit",
                table: "Organizations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReliabilityScore",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReadAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notifications_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Offers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GpuModel = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    GpuCount = table.Column<int>(type: "INTEGER", nullable: false),
                    VramGbPerGpu = table.Column<int>(type: "INTEGER", nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ServedModel = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    ThroughputTokensPerSecond = table.Column<long>(type: "INTEGER", nullable: false),
                    AvailableFromUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AvailableUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TotalQuotaTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    ReservedTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    InputPricePerMillion = table.Column<long>(type: "INTEGER", nullable: false),
                    OutputPricePerMillion = table.Column<long>(type: "INTEGER", nullable: false),
                    MaxPricePerMillion = table.Column<long>(type: "INTEGER", nullable: false),
                    MinimumPurchaseTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Offers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Offers_Organizations_ProviderOrganizationId",
                        column: x => x.ProviderOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "OfferPrices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OfferId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InputPricePerMillion = table.Column<long>(type: "INTEGER", nullable: false),
                    OutputPricePerMillion = table.Column<long>(type: "INTEGER", nullable: false),
                    EffectiveFromUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfferPrices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OfferPrices_Offers_OfferId",
                        column: x => x.OfferId,
                        principalTable: "Offers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TokenPackages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OfferId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Tokens = table.Column<long>(type: "INTEGER", nullable: false),
                    Price = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidityDays = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpiryRule = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    IsOnSale = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TokenPackages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TokenPackages_Offers_OfferId",
                        column: x => x.OfferId,
                        principalTable: "Offers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Allocations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OfferId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BuyerOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PackageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    QuotaTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    InputPricePerMillion = table.Column<long>(type: "INTEGER", nullable: false),
                    OutputPricePerMillion = table.Column<long>(type: "INTEGER", nullable: false),
                    HoldAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    HoldTransferId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsumedInputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    ConsumedOutputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CommittedAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    AccessKeyHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    AccessKeyPrefix = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    CloseReason = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Allocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Allocations_Offers_OfferId",
                        column: x => x.OfferId,
                        principalTable: "Offers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Allocations_Organizations_BuyerOrganizationId",
                        column: x => x.BuyerOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Allocations_Organizations_ProviderOrganizationId",
                        column: x => x.ProviderOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Allocations_TokenPackages_PackageId",
                        column: x => x.PackageId,
                        principalTable: "TokenPackages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Allocations_AccessKeyHash",
                table: "Allocations",
                column: "AccessKeyHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Allocations_BuyerOrganizationId_CreatedAtUtc",
                table: "Allocations",
                columns: new[] { "BuyerOrganizationId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Allocations_OfferId_Status",
                table: "Allocations",
                columns: new[] { "OfferId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Allocations_PackageId",
                table: "Allocations",
                column: "PackageId");

            migrationBuilder.CreateIndex(
                name: "IX_Allocations_ProviderOrganizationId_Status",
                table: "Allocations",
                columns: new[] { "ProviderOrganizationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Allocations_Status_ExpiresAtUtc",
                table: "Allocations",
                columns: new[] { "Status", "ExpiresAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_OrganizationId_CreatedAtUtc",
                table: "Notifications",
                columns: new[] { "OrganizationId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OfferPrices_OfferId_EffectiveFromUtc",
                table: "OfferPrices",
                columns: new[] { "OfferId", "EffectiveFromUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_ProviderOrganizationId_Status",
                table: "Offers",
                columns: new[] { "ProviderOrganizationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_GpuModel_MaxPricePerMillion",
                table: "Offers",
                columns: new[] { "Status", "GpuModel", "MaxPricePerMillion" });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_MaxPricePerMillion",
                table: "Offers",
                columns: new[] { "Status", "MaxPricePerMillion" });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_Region_MaxPricePerMillion",
                table: "Offers",
                columns: new[] { "Status", "Region", "MaxPricePerMillion" });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_ServedModel_MaxPricePerMillion",
                table: "Offers",
                columns: new[] { "Status", "ServedModel", "MaxPricePerMillion" });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_ThroughputTokensPerSecond",
                table: "Offers",
                columns: new[] { "Status", "ThroughputTokensPerSecond" });

            migrationBuilder.CreateIndex(
                name: "IX_TokenPackages_OfferId_IsOnSale",
                table: "TokenPackages",
                columns: new[] { "OfferId", "IsOnSale" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Allocations");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "OfferPrices");

            migrationBuilder.DropTable(
                name: "TokenPackages");

            migrationBuilder.DropTable(
                name: "Offers");

            migrationBuilder.DropColumn(
                name: "DeliveredTokens",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "DisputeCount",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "LowBalanceThreshold",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "MonthlySpendingLimit",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "ReliabilityScore",
                table: "Organizations");
        }
    }
}
