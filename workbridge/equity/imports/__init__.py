"""Importing applicant-flow exports: check every row, then load the whole file in one
transaction. One module for each thing an import does:

- ``rows``: the fields a file may fill, what its cells may say, and the check of every row
  (``applicant_import_check``), with problems as sentences;
- ``load``: writing a checked file in one transaction (``applicant_import_apply``);
- ``files``: the uploaded files in the file store, and removing those no import needs;
- ``runs``: the import as its pages keep it, from the upload to the queued task;
- ``work``: the task body the worker runs (``import_run_process``).
"""
