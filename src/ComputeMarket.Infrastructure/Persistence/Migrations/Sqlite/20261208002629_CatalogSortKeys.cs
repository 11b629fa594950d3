using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ComputeMarket.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CatalogSortKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Offers_Status_ThroughputTokensPerSecond",
                table: "Offers");

            migrationBuilder.AddColumn<long>(
                name: "BlendedPricePerMillion",
                table: "Offers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "ProviderReliability",
                table: "Offers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Existing offers get the values the domain keeps from now on (Pricing.BlendedPricePerMillion, Offer.RateProvider).
            migrationBuilder.Sql("""
                UPDATE "Offers" SET "BlendedPricePerMillion" = ("InputPricePerMillion" * 3 + "OutputPricePerMillion" + 2) / 4, "ProviderReliability" = (SELECT "ReliabilityScore" FROM "Organizations" WHERE "Organizations"."Id" = "Offers"."ProviderOrganizationId")
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_BlendedPricePerMillion_Id",
                table: "Offers",
                columns: new[] { "Status", "BlendedPricePerMillion", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_InputPricePerMillion_Id",
                table: "Offers",
                columns: new[] { "Status", "InputPricePerMillion", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_OutputPricePerMillion_Id",
                table: "Offers",
                columns: new[] { "Status", "OutputPricePerMillion", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_ProviderReliability_MaxPricePerMillion_Id",
                table: "Offers",
                columns: new[] { "Status", "ProviderReliability", "MaxPricePerMillion", "Id" },
                descending: new[] { false, true, false, false });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_ThroughputTokensPerSecond_MaxPricePerMillion_Id",
                table: "Offers",
                columns: new[] { "Status", "ThroughputTokensPerSecond", "MaxPricePerMillion", "Id" },
                descending: new[] { false, true, false, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Offers_Status_BlendedPricePerMillion_Id",
                table: "Offers");

            migrationBuilder.DropIndex(
                name: "IX_Offers_Status_InputPricePerMillion_Id",
                table: "Offers");

            migrationBuilder.DropIndex(
                name: "IX_Offers_Status_OutputPricePerMillion_Id",
                table: "Offers");

            migrationBuilder.DropIndex(
                name: "IX_Offers_Status_ProviderReliability_MaxPricePerMillion_Id",
                table: "Offers");

            migrationBuilder.DropIndex(
                name: "IX_Offers_Status_ThroughputTokensPerSecond_MaxPricePerMillion_Id",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "BlendedPricePerMillion",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "ProviderReliability",
                table: "Offers");

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_ThroughputTokensPerSecond",
                table: "Offers",
                columns: new[] { "Status", "ThroughputTokensPerSecond" });
        }
    }
}
