"""Texts declared where `t()` cannot mark them, listed here so that extraction (`make
messages`) keeps them in the catalog: the reports' sheet titles and column headers (declared
in score_dash/metrics and the pages' reports) and the data dictionary's indicator names,
definitions, units and better directions (score_dash/core/dictionary.py). The pack prints
them and the workbooks write them with `t(text)` (score_dash/pack/compose.py,
score_dash/core/excel.py), in the run's language; the frames and the dictionary keep their
English, which the code reads. tests/unit/test_hindi_outputs.py checks that every title and
fixed header of the demo's reports and every indicator's name, definition, unit and
direction has its translation, and that each one listed here is still declared where it
comes from (a header that names a half-year or a module is data, and is not listed).
"""

# ruff: noqa: E501  (the definitions are copied whole: one msgid each, as the dictionary has it)

from __future__ import annotations

from score_dash.core.i18n import N_

SHEET_TITLES = (
    N_("Logframe status"),
    N_("Status counts"),
    N_("Headline figures"),
    N_("What changed"),
    N_("Reporting coverage"),
    N_("Programme at a glance"),
    N_("By state"),
    N_("By cluster"),
    N_("State tile grid"),
    N_("Summary"),
    N_("Funnel by module"),
    N_("Funnel comparison"),
    N_("Cohorts"),
    N_("By partner"),
    N_("By trainer"),
    N_("Days between stages"),
    N_("Modules per enterprise"),
    N_("Participants"),
    N_("Trend"),
    N_("Change per enterprise"),
    N_("By sector"),
    N_("All KPIs"),
    N_("Implausible values"),
    N_("Women's share by level"),
    N_("Parity notices"),
    N_("Employment by sex"),
    N_("Women's share trend"),
    N_("Jobs since baseline by sector"),
    N_("Jobs since baseline by cluster"),
    N_("Sex disaggregation completeness"),
    N_("Objectives against targets"),
    N_("Progress against targets"),
    N_("Associations"),
    N_("Service providers"),
    N_("Trainers by level"),
    N_("Trainers by module"),
    N_("Cost recovery"),
    N_("Dissemination"),
    N_("Counts"),
    N_("Decisions and actions"),
    N_("Action history"),
    N_("Notes on figures"),
    N_("Quality by half-year"),
    N_("Quality by partner"),
    N_("Rows behind the checks"),
    N_("Indicators"),
    N_("Columns"),
    N_("Provenance"),
)

HEADERS = (
    N_("Objective"),
    N_("Indicator"),
    N_("Unit"),
    N_("Baseline"),
    N_("Target this half-year"),
    N_("Actual"),
    N_("Achieved (%)"),
    N_("Status"),
    N_("Previous status"),
    N_("End target"),
    N_("End period"),
    N_("Half-years left"),
    N_("Gap to end target"),
    N_("Needed per half-year"),
    N_("Detail page"),
    N_("Of indicators with targets"),
    N_("Figure"),
    N_("Change since previous"),
    N_("Change over the year"),
    N_("What changed since the last review"),
    N_("Indicator code"),
    N_("Measure"),
    N_("Change"),
    N_("Code"),
    N_("State"),
    N_("Clusters"),
    N_("Enterprises"),
    N_("Workers"),
    N_("Women workers"),
    N_("Men workers"),
    N_("Workers, sex not reported"),
    N_("Module enrolments"),
    N_("Modules completed"),
    N_("Trainers"),
    N_("Partners"),
    N_("Women's share of workers (%)"),
    N_("Small group"),
    N_("Cluster"),
    N_("City"),
    N_("Sector"),
    N_("Latitude"),
    N_("Longitude"),
    N_("Abbreviation"),
    N_("Row"),
    N_("Column"),
    N_("Programme"),
    N_("Value"),
    N_("Module"),
    N_("Step"),
    N_("Stage"),
    N_("Of enrolled (%)"),
    N_("Lost since previous step"),
    N_("Step drop-off (%)"),
    N_("Note"),
    N_("Cohort (enrolled in)"),
    N_("Enrolments"),
    N_("Completed"),
    N_("In progress"),
    N_("Dropped"),
    N_("Completed (%)"),
    N_("In progress (%)"),
    N_("Dropped (%)"),
    N_("Classroom"),
    N_("Completed of enrolled (%)"),
    N_("Completion rate (%)"),
    N_("Partner"),
    N_("Trainer · partner"),
    N_("Median days"),
    N_("Modules taken"),
    N_("Share of enterprises (%)"),
    N_("Role"),
    N_("Women"),
    N_("Men"),
    N_("Total"),
    N_("Women's share (%)"),
    N_("Period"),
    N_("Enterprises reporting"),
    N_("Median"),
    N_("Lower quartile"),
    N_("Upper quartile"),
    N_("Enterprise"),
    N_("Baseline period"),
    N_("Latest period"),
    N_("Latest"),
    N_("Change (%)"),
    N_("Result"),
    N_("Improved"),
    N_("Share improved (%)"),
    N_("Median change"),
    N_("Median change (%)"),
    N_("KPI"),
    N_("Better"),
    N_("Implausible values excluded"),
    N_("Plausible range"),
    N_("Baseline value"),
    N_("Effect"),
    N_("Level"),
    N_("Counted"),
    N_("Workforce women's share (%)"),
    N_("Gap (points)"),
    N_("Notice"),
    N_("Half-year"),
    N_("Group"),
    N_("Sex not reported"),
    N_("Workforce (%)"),
    N_("Workers (%)"),
    N_("Managers (%)"),
    N_("Reporting baseline and review"),
    N_("Workers at baseline"),
    N_("Workers in review half-year"),
    N_("Net change"),
    N_("Reporting sex in both"),
    N_("Net change, women"),
    N_("Net change, men"),
    N_("Records"),
    N_("Records without sex"),
    N_("Share without sex (%)"),
    N_("Workers in records without sex"),
    N_("Enterprises without sex"),
    N_("Records where female + male ≠ total"),
    N_("Enterprises with a mismatch"),
    N_("Target"),
    N_("Association"),
    N_("MoU signed"),
    N_("Enterprises recruited"),
    N_("Promotion events"),
    N_("Associations with an MoU"),
    N_("Enterprises recruited by associations"),
    N_("Labour inspectors trained: women"),
    N_("Labour inspectors trained: men"),
    N_("Media items"),
    N_("Case studies"),
    N_("People reached"),
    N_("Institution"),
    N_("Type"),
    N_("Embeds SCORE"),
    N_("Certified trainers"),
    N_("Trainer candidates"),
    N_("Modules started"),
    N_("Share of cost not paid by the ILO (%)"),
    N_("Fee income (INR)"),
    N_("Satisfaction (%)"),
    N_("Satisfaction responses"),
    N_("Labour-inspector trainings"),
    N_("Inspectors trained: women"),
    N_("Inspectors trained: men"),
    N_("ID"),
    N_("Review"),
    N_("Kind"),
    N_("Text"),
    N_("Owner"),
    N_("Due"),
    N_("Overdue"),
    N_("Page"),
    N_("Link"),
    N_("Recorded at"),
    N_("Recorded by"),
    N_("Shown to viewers"),
    N_("Comment"),
    N_("Changed at"),
    N_("Changed by"),
    N_("Reports expected"),
    N_("Reports received"),
    N_("Completeness (%)"),
    N_("Late reports"),
    N_("Late (%)"),
    N_("KPI values outside plausible range"),
    N_("Workforce rows"),
    N_("Rows missing sex"),
    N_("Rows not adding up"),
    N_("Check"),
    N_("Detail"),
    N_("Definition"),
    N_("Formula"),
    N_("Source"),
    N_("Table"),
    N_("Required"),
    N_("Allowed values"),
    N_("References"),
    N_("Description"),
    N_("Data"),
    N_("Licence and notes"),
)

# The data dictionary's indicator names, definitions, units and better directions
# (score_dash/core/dictionary.py), as the pack's Definitions section and the workbooks'
# About sheet print them.
INDICATOR_NAMES = (
    N_("Enterprises"),
    N_("Enterprises trained"),
    N_("Clusters"),
    N_("States"),
    N_("Workers in participating enterprises"),
    N_("Women employed"),
    N_("Women's share of the workforce"),
    N_("Module enrolments"),
    N_("Modules completed"),
    N_("Completion rate"),
    N_("Certified trainers"),
    N_("Women's share of certified trainers"),
    N_("Women's share of classroom participants"),
    N_("Women's share of improvement-team members"),
    N_("Share of enterprises improved"),
    N_("Share of training cost not paid by the ILO"),
    N_("Fee income"),
    N_("Associations with an MoU"),
    N_("Enterprises recruited by associations"),
    N_("Promotion events"),
    N_("Institutions embedding SCORE"),
    N_("Labour inspectors trained"),
    N_("Media items"),
    N_("Good-practice case studies"),
    N_("People reached"),
    N_("Trainers working with the enterprises"),
    N_("Partners linked to the enterprises"),
    N_("Women's share of managers"),
    N_("Women's share of partner staff trained"),
    N_("Jobs since baseline (net change)"),
    N_("Workforce records without sex"),
    N_("Workforce records where female + male ≠ total"),
    N_("Enterprises reaching a stage"),
    N_("Enrolments in progress"),
    N_("Enrolments dropped"),
    N_("Enrolment cohort"),
    N_("Median days between stages"),
    N_("Enterprises taking more than Module 1"),
    N_("KPI median and interquartile range"),
    N_("Change from baseline"),
    N_("Median change from baseline (%)"),
    N_("Implausible KPI values"),
    N_("Small group"),
    N_("Confidentiality (figures held back)"),
    N_("Workers in trained enterprises"),
    N_("Women in trained enterprises"),
    N_("Men in trained enterprises"),
    N_("Enterprises improving productivity"),
    N_("Enterprises reducing defects"),
    N_("Enterprises reducing accidents"),
    N_("Women certified trainers"),
    N_("Men certified trainers"),
    N_("Logframe status"),
    N_("Needed per half-year"),
    N_("Trained enterprises reporting KPIs"),
    N_("Enterprise satisfaction"),
    N_("KPI report completeness"),
    N_("Late KPI reports"),
    N_("KPI values outside plausible range"),
    N_("Workforce rows without sex or not adding up"),
)

UNITS = (
    N_("%"),
    N_("INR"),
    N_("KPI unit"),
    N_("case studies"),
    N_("clusters"),
    N_("days"),
    N_("enrolments"),
    N_("enterprises"),
    N_("events"),
    N_("indicator unit per half-year"),
    N_("institutions"),
    N_("items"),
    N_("people"),
    N_("records"),
    N_("rows"),
    N_("states"),
    N_("status"),
    N_("trainers"),
    N_("values"),
)

BETTER = (
    N_("higher"),
    N_("lower"),
    N_("neutral"),
)

DEFINITIONS = (
    N_(
        "Enterprises that joined the programme by the end of the review period, within the filters."
    ),
    N_(
        "Enterprises that attended at least one classroom workshop by the end of the review period."
    ),
    N_("Clusters with at least one enterprise in the selection."),
    N_("States and union territories with at least one enterprise in the selection."),
    N_(
        "Headcount reported for the review period by the selected enterprises, managers and workers, permanent and contract."
    ),
    N_("Women in the reported headcount."),
    N_("Women as a share of the people whose sex was reported."),
    N_("Enterprise-module enrolments made by the end of the review period."),
    N_(
        "Enrolments completed (all three coaching visits done and the progress report accepted) by the end of the review period."
    ),
    N_(
        "Completed enrolments as a share of enrolments that have finished (completed or dropped); enrolments still in progress are left out."
    ),
    N_("Trainers at certified or expert level by the end of the review period."),
    N_("Women among certified and expert trainers."),
    N_("Women among managers and workers who attended classroom workshops."),
    N_("Women among Enterprise Improvement Team members."),
    N_(
        "Among enterprises with a baseline and a later report of a KPI, the share whose latest value is better than the baseline (direction-aware: fewer defects is better)."
    ),
    N_(
        "Average share of module cost covered by enterprises, partners and sponsors, over the enrolments started in the half-year."
    ),
    N_("Fees paid by enterprises for modules."),
    N_(
        "Industry and cluster associations and employers' organisations that have signed a memorandum of understanding to market SCORE, by the end of the review period (objective 1)."
    ),
    N_(
        "Enterprises that joined through an association, by the end of the review period (objective 1)."
    ),
    N_(
        "Events held by associations to market SCORE, cumulative to the end of the review period (objective 1)."
    ),
    N_(
        "Partner institutions that offer SCORE training as part of their regular services (objective 2)."
    ),
    N_(
        "Participants of labour inspector trainings, cumulative to the end of the review period (objective 3)."
    ),
    N_(
        "Newspaper, radio, television and online items on SCORE good practice, cumulative (objective 3)."
    ),
    N_("Case studies published, cumulative (objective 3)."),
    N_("Audience of media items and events, cumulative (objective 3)."),
    N_(
        "Trainers who led at least one module enrolment of the enterprises in the state or cluster, enrolled by the end of the review period."
    ),
    N_(
        "Partner institutions that recruited (association), sponsored (lead buyer) or trained (through their trainers) at least one of the enterprises in the state or cluster, by the end of the review period."
    ),
    N_("Women among the managers employed in the review half-year, where reported by sex."),
    N_(
        "Women among the participants of partner staff trainings held by the end of the review period (staff of associations and training institutions)."
    ),
    N_(
        "Change in headcount from each enterprise's baseline (its first workforce report) to the review half-year, summed over the enterprises that reported both; by sex over those that gave the sex split in both. The number of enterprises reporting is shown beside it: nothing is estimated for missing reports."
    ),
    N_(
        "Share of workforce report rows (enterprise x half-year x role x employment) whose female or male count is missing; their headcount is left out of every women's share."
    ),
    N_(
        "Workforce report rows with both counts given whose sum differs from the reported total. Shown as reported, not corrected."
    ),
    N_(
        "Module enrolments made by the end of the review period that reached a stage (enrolled, baseline, classroom, visit 1-3, completed) by that day; a stage reached later counts as not reached yet. A stage counts as reached when its date or the date of any later stage is set (a later stage implies the earlier ones), so each funnel narrows step by step. Shown as counts and as % of enrolled; the step drop-off is the share lost since the previous stage."
    ),
    N_(
        "Enrolments neither completed nor dropped by the end of the review period. Shown apart from drop-outs, so a recent cohort still being coached is not read as drop-out."
    ),
    N_(
        "Enrolments whose enterprise withdrew (dropped_date on or before the end of the review period) without completing the module."
    ),
    N_(
        "Enrolments grouped by the half-year in which they were made (the period whose start and end dates contain the enrolment date, under the configured calendar or fiscal convention), with the share completed, in progress and dropped as at the end of the review period."
    ),
    N_(
        "For each module and each pair of consecutive stages, the median number of days between the two dates, over enrolments with both dates on or before the end of the review period."
    ),
    N_(
        "Enterprises enrolled, by the end of the review period, in at least one module other than M1 Workplace Cooperation (within the filters, including the module filter)."
    ),
    N_(
        "For each half-year of the trend range, the median and the 25th-75th percentile band of the KPI values reported by the selected enterprises for that half-year, with the number of enterprises reporting. Implausible values are left out (see 'Implausible KPI values'); a half-year with no report is shown empty."
    ),
    N_(
        "Per enterprise: its latest plausible value up to the review period (in a half-year after the baseline) minus its baseline value (the value flagged as baseline, the earliest if several). Enterprises with no plausible baseline or no later report have no change and are counted separately. Improved is direction-aware: a rise when higher is better, a fall when lower is better (fewer defects is better); an unchanged value is not an improvement."
    ),
    N_(
        "Median over enterprises of the change from baseline as a percentage of the baseline; enterprises whose baseline is 0 have no percentage and are left out. The all-KPI grid is sorted by the size of this figure, biggest movement first."
    ),
    N_(
        "A KPI value outside the KPI's plausible range (plausible_min to plausible_max in the KPI definitions, bounds included) is treated as an error: it is excluded from every median, change and share, and listed in the 'Implausible values' table of the Results page and its Excel file, never dropped silently. An implausible baseline leaves the enterprise without a change for that KPI."
    ),
    N_(
        "A figure computed from fewer than 5 enterprises (setting SCORE_SMALL_N) is marked 'small group' in the Note column of its table and in its chart: read it with care. For viewers, figures from fewer than 3 enterprises (SCORE_MIN_CELL) are not shown at all (see Confidentiality)."
    ),
    N_(
        "The promise: from everything a viewer (the advisory group, headquarters) can obtain together (every page, filter, half-year, Excel file, meeting pack and review), no figure of fewer than SCORE_MIN_CELL enterprises (default 3) can be worked out. Enterprise names, codes and rows of one enterprise or one trainer are for project staff only. Viewers choose among fixed groups: the programme, one state, cluster or sector, or a sector within a state or cluster; the module, partner, size-band and women-owned filters are for staff, because they would let two views differ by one firm. At each half-year a group is withheld when it holds fewer than SCORE_MIN_CELL enterprises (threshold rule) or when the workers of all but its two largest enterprises are less than SCORE_DOMINANCE_P % (default 10) of the largest's (p % dominance rule); further groups are withheld where a withheld one could be worked out from a total (a state and its clusters, the programme and its states or sectors) or by subtracting two groups that differ by fewer than SCORE_MIN_CELL enterprises (secondary suppression). A withheld group is withheld everywhere: as a selection, as a row of any table by state, cluster or sector, and as a half-year of a trend. Within a table, a figure from fewer than SCORE_MIN_CELL enterprises is withheld, with as many others as needed so that it cannot be recomputed from its total. A withheld figure shows as '—' with its reason in the Note column."
    ),
    N_(
        "Headcount reported for the review half-year by enterprises that attended at least one classroom workshop by the end of it (managers and workers, permanent and contract)."
    ),
    N_("Women in the headcount of trained enterprises, where reported by sex."),
    N_("Men in the headcount of trained enterprises, where reported by sex."),
    N_(
        "Among enterprises with a plausible baseline and a later plausible productivity report up to the review half-year, the share whose latest value is above the baseline. The same rule as the Results page (share_improved)."
    ),
    N_(
        "As share_improved, for the defect rate: the share whose latest value is below the baseline (fewer defects is better)."
    ),
    N_(
        "As share_improved, for accidents per half-year: the share whose latest value is below the baseline."
    ),
    N_("Women among trainers at certified or expert level by the end of the review period."),
    N_("Men among trainers at certified or expert level by the end of the review period."),
    N_(
        "Status of a logframe indicator in the review half-year: On track (✓) when the actual reaches the target for that half-year; At risk (!) when it reaches at least 85% of it; Off track (✗) below 85%. No target: the targets table has no value for the half-year. Not assessed: filters select part of the programme, while targets are programme-wide. Actuals are cumulative to the end of the half-year, except the cost share (enrolments started in the half-year)."
    ),
    N_(
        "The increase needed in each remaining half-year to reach the end-of-programme target: the gap to the end target divided by the half-years left after the review period, up to the end-of-programme period. 0 when the end target is reached; empty when no half-year is left (the gap is then shown instead)."
    ),
    N_(
        "Share of enterprises trained by the end of the review half-year that reported any KPI for that half-year. A drop of 5 points or more since the previous half-year is reported as a new data gap on the Overview; the same rule applies to the share reporting their workforce."
    ),
    N_(
        "Mean satisfaction score of enterprises that completed a module in the half-year, where a survey score was recorded (the number of responses is shown beside it)."
    ),
    N_(
        "Enterprise KPI reports received as a share of those expected: an enterprise with a KPI baseline is expected to report every later half-year until it drops out of all its modules."
    ),
    N_(
        "Reports whose first reported_date is more than 60 days after the end of the half-year they describe."
    ),
    N_(
        "Reported KPI values below the KPI's plausible minimum or above its plausible maximum; they are listed and left out of medians."
    ),
    N_(
        "Workforce rows where women or men are not reported, or where women + men differ from the reported total. Shown as reported, never corrected."
    ),
)

# The data dictionary's descriptions of each importable table and column
# (score_dash/core/dictionary.py TABLES), shown on the Definitions and Data pages. The tables'
# titles are not listed: they name the template's sheets, which stay as they are.
DATA_DESCRIPTIONS = (
    N_("Half-year reporting periods and review meeting dates."),
    N_("Half-year code: YYYY-H1 or YYYY-H2 (the year in which the twelve-month cycle starts)."),
    N_("First day of the half-year."),
    N_("Last day of the half-year."),
    N_("Date of the advisory group's review meeting."),
    N_("States and union territories (ISO 3166-2:IN)."),
    N_("ISO 3166-2:IN code, e.g. IN-HR."),
    N_("Name of the state or union territory."),
    N_("SCORE training modules."),
    N_("Module code, M1-M5."),
    N_("Module title."),
    N_("Order in which modules are normally taken."),
    N_("Whether every enterprise must take it (Module 1)."),
    N_("Industrial clusters where enterprises are recruited."),
    N_("Cluster name (unique)."),
    N_("Main city of the cluster."),
    N_("District."),
    N_("State or union territory, ISO 3166-2:IN code."),
    N_("Main sector of the cluster."),
    N_("Latitude of the cluster centre (WGS84)."),
    N_("Longitude of the cluster centre (WGS84)."),
    N_("Programme phase in which the cluster joined."),
    N_("Partner institutions."),
    N_("Partner code."),
    N_("Institution name."),
    N_("Kind of institution."),
    N_("Date the memorandum of understanding was signed."),
    N_("Whether SCORE training is part of its regular service offer."),
    N_("SCORE trainers."),
    N_("Trainer code."),
    N_("Institution the trainer works with."),
    N_("Female or male."),
    N_("Candidate, certified or expert trainer."),
    N_("Date the current level was reached."),
    N_("Modules each trainer is certified for."),
    N_("Module code (M1-M5)."),
    N_("Date of certification for the module."),
    N_("Participating enterprises (names confidential)."),
    N_("Enterprise code."),
    N_("Enterprise name (confidential: staff only)."),
    N_("Cluster name."),
    N_("Sector."),
    N_("Latitude (WGS84)."),
    N_("Longitude (WGS84)."),
    N_("Workers at joining."),
    N_("Majority owned by women."),
    N_("Association that recruited the enterprise."),
    N_("Lead buyer sponsoring the training."),
    N_("Date the enterprise joined the programme."),
    N_(
        "An enterprise taking a module, with the date of each stage reached. Leave a stage empty until it is reached."
    ),
    N_("Lead trainer."),
    N_("Date of enrolment."),
    N_("Baseline assessment done."),
    N_("Classroom workshop attended."),
    N_("First coaching visit."),
    N_("Second coaching visit."),
    N_("Third coaching visit."),
    N_("Module completed (progress report accepted)."),
    N_("Enterprise withdrew from the module."),
    N_("Fee paid by the enterprise."),
    N_("Share of the module's cost not paid by the ILO."),
    N_("Enterprise satisfaction score (survey)."),
    N_("Classroom participants per enterprise and module, by role and sex."),
    N_("Manager or worker."),
    N_("Women attending."),
    N_("Men attending."),
    N_("Enterprise Improvement Team members by role and sex."),
    N_("Women in the team."),
    N_("Men in the team."),
    N_(
        "Headcount per enterprise and half-year, by role and employment type. Give female and male where known; leave them empty if not disaggregated."
    ),
    N_("Half-year code, e.g. 2014-H1."),
    N_("Permanent or contract."),
    N_("People employed (as reported)."),
    N_("Women employed."),
    N_("Men employed."),
    N_("Enterprise key performance indicators."),
    N_("KPI code."),
    N_("KPI name."),
    N_("Unit of the values."),
    N_("Whether higher or lower values are better."),
    N_("Smallest plausible value; values below are flagged."),
    N_("Largest plausible value; values above are flagged."),
    N_("KPI values reported by trainers: one row per enterprise, KPI and half-year."),
    N_("Reported value, in the KPI's unit."),
    N_("This is the enterprise's baseline value."),
    N_("Date the report reached the programme."),
    N_("Dissemination and institutional activities."),
    N_("Activity code."),
    N_("Kind of activity."),
    N_("Short title."),
    N_("Date held or published."),
    N_("Partner that organised it."),
    N_("Women taking part."),
    N_("Men taking part."),
    N_("People reached (audience, readers, viewers)."),
    N_(
        "Indicators of the programme's immediate objectives, with baseline and end-of-programme target."
    ),
    N_("Indicator code (see Definitions)."),
    N_("Immediate objective 1-3 (0: enterprise results)."),
    N_("Indicator name."),
    N_("Unit."),
    N_("Value at programme start."),
    N_("Target at the end of the programme."),
    N_("Half-year of the end-of-programme target."),
    N_("Cumulative target of each logframe indicator per half-year."),
    N_("Indicator code."),
    N_("Target for the half-year (cumulative)."),
)
