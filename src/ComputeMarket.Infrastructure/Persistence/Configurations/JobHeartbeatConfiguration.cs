using ComputeMarket.Domain.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ComputeMarket.Infrastructure.Persistence.Configurations;

internal sealed class JobHeartbeatConfiguration : IEntityTypeConfiguration<JobHeartbeat>
{
    public void Configure(EntityTypeBuilder<JobHeartbeat> builder)
    {
        builder.ToTable("JobHeartbeats");
        builder.HasKey(h => h.Name);
        builder.Property(h => h.Name).HasMaxLength(JobHeartbeat.NameMaxLength);
    }
}
