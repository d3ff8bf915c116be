"""Remote video on Bedrock: Nova Reel and Luma Ray2 bodies, async jobs in S3."""
