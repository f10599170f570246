"""Candidate communication and post-test feedback, beside the applicant flow.

- ``models``: contact details (personal data), stage notices and their templates, exams,
  exam results and bulk feedback runs;
- ``access``: who may read contact details and exam results (not the analyst);
- ``keys``: the person key that links one person's attempts across requisitions;
- ``notices``: the import's hook (``stage_notices_queue``), the templates and the sending;
- ``contacts`` and ``exams``: the uploads of contact details and exam results;
- ``feedback``: feedback reports (PDF) one at a time or in bulk;
- ``analysis``: the published timeline and the retest analysis.
"""
