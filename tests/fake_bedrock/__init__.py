"""A small fake Bedrock (runtime, control plane) and S3 HTTP endpoint the tests start on loopback.

boto3 reaches it through ``AWS_ENDPOINT_URL``; it knows which region serves which model,
models' end-of-life dates and Stability's size rules, and answers like Bedrock when a request
breaks them (see :mod:`tests.fake_bedrock.server`).
"""
