package dev.mlops.pipeline.ml;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlops.exception.MlopsClientException;
import dev.mlops.exception.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fitted column transform, the Java equivalent of the seed code's scikit-learn {@code ColumnTransformer}:
 * numeric columns are imputed with the median and standardised; categorical columns are imputed with the
 * constant {@code "missing"} and one-hot encoded.
 *
 * <p>Behaviour, matching scikit-learn's:
 * <ul>
 *   <li>Numeric: {@code SimpleImputer(strategy="median")} then {@code StandardScaler}. The mean and the
 *       population standard deviation are fitted on the imputed values; a column whose standard deviation
 *       is zero is only centred (its scale is 1).</li>
 *   <li>Categorical: {@code SimpleImputer(strategy="constant", fill_value="missing")} then
 *       {@code OneHotEncoder(handle_unknown="ignore")}: categories are the distinct fitted values sorted
 *       lexicographically, and a category not seen in fitting encodes as all zeros.</li>
 *   <li>Output order: every numeric column in declaration order, then the one-hot columns of every
 *       categorical column, as a {@code ColumnTransformer} with a {@code "num"} then a {@code "cat"}
 *       transformer; output names follow {@code get_feature_names_out}: {@code num__length},
 *       {@code cat__sex_F}.</li>
 * </ul>
 *
 * <p>A value is missing when it is {@code null}, blank, or one of {@code NA}, {@code N/A}, {@code NaN},
 * {@code null} (any case), the common markers pandas reads as missing. Surrounding whitespace is ignored.
 * Numbers are plain decimals with an optional sign and exponent ({@code 0.455}, {@code -1e-3}); hex,
 * infinities and Java suffixes such as {@code 1f} are rejected.
 *
 * <p>Instances are immutable and thread-safe. They serialise with Jackson to a small JSON document,
 * conventionally stored as {@value #FILE_NAME}; see {@link #toJson()} and {@link #fromJson(String)}.
 */
@JsonPropertyOrder({"format", "numeric", "categorical"})
public final class FeatureTransform {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureTransform.class);

    /** The conventional file name, as the seed's inference pipeline ships its preprocessor. */
    public static final String FILE_NAME = "preprocessor.json";

    /** The value of the {@code format} field this version writes and reads. */
    public static final String FORMAT = "mlops-feature-transform/1";

    /** The constant that missing categorical values are replaced with before encoding. */
    public static final String MISSING_CATEGORY = "missing";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<NumericColumn> numeric;
    private final List<CategoricalColumn> categorical;
    private final int inputWidth;
    private final int outputWidth;
    private final List<String> inputColumns;
    private final List<String> outputColumns;
    // Flattened fitted state, so that transform walks arrays rather than records.
    private final int[] numericIndex;
    private final double[] median;
    private final double[] mean;
    private final double[] scale;
    private final int[] categoricalIndex;
    private final int[] categoricalOffset;
    private final List<Map<String, Integer>> categoryPosition;

    /**
     * The fitted state of one numeric column.
     *
     * @param name the column's name
     * @param index its position in an input row
     * @param median the value that replaces a missing value
     * @param mean the mean subtracted, fitted after imputation
     * @param scale the divisor: the population standard deviation, or 1 when that is zero
     */
    public record NumericColumn(@JsonProperty("name") String name, @JsonProperty("index") int index,
                                @JsonProperty("median") double median, @JsonProperty("mean") double mean,
                                @JsonProperty("scale") double scale) {
    }

    /**
     * The fitted state of one categorical column.
     *
     * @param name the column's name
     * @param index its position in an input row
     * @param categories the known categories, sorted; each gets one output column
     */
    public record CategoricalColumn(@JsonProperty("name") String name, @JsonProperty("index") int index,
                                    @JsonProperty("categories") List<String> categories) {
        /**
         * Copies the categories so that the record is immutable.
         *
         * @param name the column's name
         * @param index its position in an input row
         * @param categories the known categories, sorted
         */
        public CategoricalColumn {
            categories = List.copyOf(categories);
        }
    }

    /**
     * Restores a fitted transform, as Jackson does when reading {@value #FILE_NAME}.
     *
     * @param format must be {@value #FORMAT}
     * @param numeric the numeric columns
     * @param categorical the categorical columns
     * @throws ValidationException if the format is unknown, the column indices do not cover
     *         {@code 0..n-1} exactly once, or a fitted value is not finite
     */
    @JsonCreator
    public FeatureTransform(@JsonProperty("format") String format,
                            @JsonProperty("numeric") List<NumericColumn> numeric,
                            @JsonProperty("categorical") List<CategoricalColumn> categorical) {
        if (!FORMAT.equals(format)) {
            throw new ValidationException("FeatureTransform.format", format, FORMAT);
        }
        this.numeric = List.copyOf(numeric == null ? List.of() : numeric);
        this.categorical = List.copyOf(categorical == null ? List.of() : categorical);
        this.inputWidth = this.numeric.size() + this.categorical.size();
        if (inputWidth == 0) {
            throw new ValidationException("FeatureTransform.columns", "[]", "at least one column");
        }
        String[] names = new String[inputWidth];
        numericIndex = new int[this.numeric.size()];
        median = new double[numericIndex.length];
        mean = new double[numericIndex.length];
        scale = new double[numericIndex.length];
        List<String> out = new ArrayList<>();
        for (int i = 0; i < numericIndex.length; i++) {
            NumericColumn c = this.numeric.get(i);
            claim(names, c.name(), c.index());
            if (!Double.isFinite(c.median()) || !Double.isFinite(c.mean()) || !Double.isFinite(c.scale())
                    || c.scale() == 0) {
                throw new ValidationException("FeatureTransform.numeric[" + c.name() + "]", c,
                        "finite median, mean and a non-zero scale");
            }
            numericIndex[i] = c.index();
            median[i] = c.median();
            mean[i] = c.mean();
            scale[i] = c.scale();
            out.add("num__" + c.name());
        }
        categoricalIndex = new int[this.categorical.size()];
        categoricalOffset = new int[categoricalIndex.length];
        List<Map<String, Integer>> positions = new ArrayList<>();
        for (int i = 0; i < categoricalIndex.length; i++) {
            CategoricalColumn c = this.categorical.get(i);
            claim(names, c.name(), c.index());
            categoricalIndex[i] = c.index();
            categoricalOffset[i] = out.size();
            Map<String, Integer> position = new HashMap<>();
            for (String category : c.categories()) {
                if (position.put(category, position.size()) != null) {
                    throw new ValidationException("FeatureTransform.categorical[" + c.name() + "].categories",
                            c.categories(), "distinct values");
                }
                out.add("cat__" + c.name() + "_" + category);
            }
            positions.add(Map.copyOf(position));
        }
        this.categoryPosition = List.copyOf(positions);
        this.inputColumns = List.of(names);
        this.outputColumns = List.copyOf(out);
        this.outputWidth = out.size();
    }

    private void claim(String[] names, String name, int index) {
        if (name == null || name.isBlank()) {
            throw new ValidationException("FeatureTransform column name (index " + index + ")", name,
                    "a non-blank name");
        }
        if (index < 0 || index >= names.length) {
            throw new ValidationException("FeatureTransform column '" + name + "' index", index,
                    "between 0 and " + (names.length - 1) + ", so that every input column is named");
        }
        if (names[index] != null) {
            throw new ValidationException("FeatureTransform column '" + name + "' index", index,
                    "unused, but column '" + names[index] + "' already has it");
        }
        if (Arrays.asList(names).contains(name)) {
            throw new ValidationException("FeatureTransform column name (index " + index + ")", name,
                    "unique");
        }
        names[index] = name;
    }

    /**
     * Starts declaring the columns of a transform to fit.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Declares the input columns, by name and position, and fits the transform to data. Every position from
     * 0 to the number of columns minus 1 must be declared exactly once.
     */
    public static final class Builder {
        private final List<String[]> numeric = new ArrayList<>();
        private final List<String[]> categorical = new ArrayList<>();

        private Builder() {
        }

        /**
         * Declares a numeric column: median-imputed, then standardised.
         *
         * @param name the column's name
         * @param index its position in an input row
         * @return this builder
         */
        public Builder numeric(String name, int index) {
            numeric.add(new String[] {name, Integer.toString(index)});
            return this;
        }

        /**
         * Declares a categorical column: missing values become {@value #MISSING_CATEGORY}, then one-hot
         * encoded.
         *
         * @param name the column's name
         * @param index its position in an input row
         * @return this builder
         */
        public Builder categorical(String name, int index) {
            categorical.add(new String[] {name, Integer.toString(index)});
            return this;
        }

        /**
         * Fits the declared columns to the rows.
         *
         * @param rows input rows, each with one value per declared column; not modified
         * @return the fitted transform
         * @throws ValidationException if the columns are declared inconsistently, there are no rows, a row
         *         has the wrong number of values, a numeric value is not a number, or a numeric column has no
         *         value at all
         */
        public FeatureTransform fit(List<String[]> rows) {
            // Declaring with placeholder statistics validates names and indices before any data is read.
            List<NumericColumn> placeholders = new ArrayList<>();
            for (String[] c : numeric) {
                placeholders.add(new NumericColumn(c[0], Integer.parseInt(c[1]), 0, 0, 1));
            }
            List<CategoricalColumn> categoricalPlaceholders = new ArrayList<>();
            for (String[] c : categorical) {
                categoricalPlaceholders.add(new CategoricalColumn(c[0], Integer.parseInt(c[1]), List.of()));
            }
            FeatureTransform declared = new FeatureTransform(FORMAT, placeholders, categoricalPlaceholders);
            if (rows == null || rows.isEmpty()) {
                throw new ValidationException("FeatureTransform.fit rows", rows == null ? null : "[]",
                        "at least one row");
            }
            int n = rows.size();
            List<NumericColumn> fitted = new ArrayList<>();
            for (NumericColumn c : placeholders) {
                double[] values = new double[n];
                int present = 0;
                for (int r = 0; r < n; r++) {
                    String[] row = declared.checkWidth(rows.get(r), "row " + r);
                    double v = declared.parse(row[c.index()], c.name(), c.index(), "row " + r);
                    values[r] = v;
                    if (!Double.isNaN(v)) {
                        present++;
                    }
                }
                if (present == 0) {
                    throw new ValidationException("FeatureTransform column '" + c.name() + "' (index "
                            + c.index() + ")", "all " + n + " values missing", "at least one number to fit");
                }
                double[] sorted = new double[present];
                int k = 0;
                for (double v : values) {
                    if (!Double.isNaN(v)) {
                        sorted[k++] = v;
                    }
                }
                Arrays.sort(sorted);
                // numpy's median: the middle value, or the mean of the two middle values.
                double med = present % 2 == 1 ? sorted[present / 2]
                        : (sorted[present / 2 - 1] + sorted[present / 2]) / 2.0;
                double sum = 0;
                for (int r = 0; r < n; r++) {
                    if (Double.isNaN(values[r])) {
                        values[r] = med;
                    }
                    sum += values[r];
                }
                double mu = sum / n;
                double squares = 0;
                for (double v : values) {
                    squares += (v - mu) * (v - mu);
                }
                double sd = Math.sqrt(squares / n);
                fitted.add(new NumericColumn(c.name(), c.index(), med, mu, sd == 0 ? 1.0 : sd));
            }
            List<CategoricalColumn> fittedCategorical = new ArrayList<>();
            for (CategoricalColumn c : categoricalPlaceholders) {
                Set<String> seen = new TreeSet<>();
                for (int r = 0; r < n; r++) {
                    seen.add(category(declared.checkWidth(rows.get(r), "row " + r)[c.index()]));
                }
                fittedCategorical.add(new CategoricalColumn(c.name(), c.index(), List.copyOf(seen)));
            }
            FeatureTransform result = new FeatureTransform(FORMAT, fitted, fittedCategorical);
            LOG.debug("Fitted feature transform on {} rows: {} -> {}", n, result.inputColumns,
                    result.outputColumns);
            return result;
        }
    }

    /**
     * Transforms one input row.
     *
     * @param raw one value per input column, in {@link #inputColumns()} order
     * @return a new array of {@link #outputColumns()} size
     * @throws ValidationException if the row has the wrong number of values or a numeric value is not a
     *         number; the message names the column, its index, the value and the rule
     */
    public float[] transform(String[] raw) {
        float[] out = new float[outputWidth];
        transform(raw, out);
        return out;
    }

    /**
     * Transforms one input row into a caller-supplied array, allocating nothing for numeric values and
     * known categories.
     *
     * @param raw one value per input column, in {@link #inputColumns()} order
     * @param out receives {@link #outputColumns()} values; every element is written
     * @throws ValidationException if the row or {@code out} has the wrong length or a numeric value is not a
     *         number
     */
    public void transform(String[] raw, float[] out) {
        checkWidth(raw, "row");
        if (out.length != outputWidth) {
            throw new ValidationException("FeatureTransform output length", out.length,
                    "equal to the number of output columns, " + outputWidth);
        }
        for (int i = 0; i < numericIndex.length; i++) {
            int at = numericIndex[i];
            double v = parse(raw[at], inputColumns.get(at), at, "row");
            if (v != v) {
                v = median[i];
            }
            out[i] = (float) ((v - mean[i]) / scale[i]);
        }
        Arrays.fill(out, numericIndex.length, outputWidth, 0f);
        for (int i = 0; i < categoricalIndex.length; i++) {
            Integer position = categoryPosition.get(i).get(category(raw[categoricalIndex[i]]));
            // handle_unknown="ignore": a category not seen in fitting leaves its columns all zero.
            if (position != null) {
                out[categoricalOffset[i] + position] = 1f;
            }
        }
    }

    /**
     * Whether an input column is categorical. A server that parses numbers straight from the wire uses this to
     * send categorical fields through {@link #encodeCategory(int, String)} instead.
     *
     * @param inputIndex the column's position in an input row
     * @return {@code true} for a categorical column
     */
    public boolean isCategorical(int inputIndex) {
        return categoricalSlot(inputIndex) >= 0;
    }

    /**
     * The code of a categorical value for {@link #transformEncoded(double[], float[])}: its position among the
     * fitted categories, or -1 for a category not seen in fitting (encoded as all zeros, as
     * {@code handle_unknown="ignore"} does). A missing value is the category {@value #MISSING_CATEGORY}.
     *
     * @param inputIndex the column's position in an input row
     * @param value the raw text
     * @return the code
     * @throws ValidationException if the column is not categorical
     */
    public double encodeCategory(int inputIndex, String value) {
        int slot = categoricalSlot(inputIndex);
        if (slot < 0) {
            throw new ValidationException("FeatureTransform column index", inputIndex, "the index of a categorical column");
        }
        Integer position = categoryPosition.get(slot).get(category(value));
        return position == null ? -1 : position;
    }

    /**
     * Transforms a row whose numeric columns are already parsed ({@code NaN} for missing) and whose categorical
     * columns hold codes from {@link #encodeCategory(int, String)}. Gives exactly what
     * {@link #transform(String[], float[])} gives for the same text, allocating nothing.
     *
     * @param row one value per input column
     * @param out receives {@link #outputColumns()} values
     * @throws ValidationException if a length is wrong
     */
    public void transformEncoded(double[] row, float[] out) {
        if (row.length != inputWidth || out.length != outputWidth) {
            throw new ValidationException("FeatureTransform encoded row length", row.length + " -> " + out.length,
                    inputWidth + " values in and " + outputWidth + " out");
        }
        for (int i = 0; i < numericIndex.length; i++) {
            double v = row[numericIndex[i]];
            if (v != v) {
                v = median[i];
            }
            out[i] = (float) ((v - mean[i]) / scale[i]);
        }
        Arrays.fill(out, numericIndex.length, outputWidth, 0f);
        for (int i = 0; i < categoricalIndex.length; i++) {
            int code = (int) row[categoricalIndex[i]];
            if (code >= 0) {
                out[categoricalOffset[i] + code] = 1f;
            }
        }
    }

    private int categoricalSlot(int inputIndex) {
        for (int i = 0; i < categoricalIndex.length; i++) {
            if (categoricalIndex[i] == inputIndex) {
                return i;
            }
        }
        return -1;
    }

    private String[] checkWidth(String[] raw, String where) {
        if (raw == null || raw.length != inputWidth) {
            throw new ValidationException("FeatureTransform input " + where + " length",
                    raw == null ? null : raw.length + " values " + Arrays.toString(raw),
                    "exactly " + inputWidth + " values, one per column " + inputColumns);
        }
        return raw;
    }

    private static boolean isMissing(String s) {
        return s.isEmpty() || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("na") || s.equalsIgnoreCase("n/a")
                || s.equalsIgnoreCase("null");
    }

    private static String category(String value) {
        String s = value == null ? "" : value.strip();
        return isMissing(s) ? MISSING_CATEGORY : s;
    }

    // Returns NaN for a missing value; the caller imputes.
    private double parse(String value, String name, int index, String where) {
        if (value == null) {
            return Double.NaN;
        }
        String s = value.strip();
        if (isMissing(s)) {
            return Double.NaN;
        }
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                throw notANumber(value, name, index, where);
            }
        }
        if (!digit) {
            throw notANumber(value, name, index, where);
        }
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw notANumber(value, name, index, where);
        }
        if (Double.isInfinite(v)) {
            throw new ValidationException(field(name, index, where), value, "a finite number");
        }
        return v;
    }

    private static ValidationException notANumber(String value, String name, int index, String where) {
        return new ValidationException(field(name, index, where), value,
                "a decimal number such as 0.455, or empty/NA for a missing value");
    }

    private static String field(String name, int index, String where) {
        return "FeatureTransform input " + where + " column '" + name + "' (index " + index + ")";
    }

    /**
     * The input column names, in row order.
     *
     * @return an unmodifiable list
     */
    public List<String> inputColumns() {
        return inputColumns;
    }

    /**
     * The output column names, in the order {@link #transform(String[])} writes them.
     *
     * @return an unmodifiable list, e.g. {@code [num__length, …, cat__sex_F, cat__sex_I, cat__sex_M]}
     */
    public List<String> outputColumns() {
        return outputColumns;
    }

    /**
     * The format marker written to JSON.
     *
     * @return {@value #FORMAT}
     */
    @JsonProperty("format")
    public String format() {
        return FORMAT;
    }

    /**
     * The fitted numeric columns, in output order.
     *
     * @return an unmodifiable list
     */
    @JsonProperty("numeric")
    public List<NumericColumn> numeric() {
        return numeric;
    }

    /**
     * The fitted categorical columns, in output order.
     *
     * @return an unmodifiable list
     */
    @JsonProperty("categorical")
    public List<CategoricalColumn> categorical() {
        return categorical;
    }

    /**
     * Renders this transform as JSON, the content of {@value #FILE_NAME}.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A fitted FeatureTransform always serialises", e);
        }
    }

    /**
     * Reads a transform from JSON written by {@link #toJson()}.
     *
     * @param json the JSON text
     * @return the transform
     * @throws MlopsClientException if the text is not a valid transform document
     */
    public static FeatureTransform fromJson(String json) {
        try {
            return JSON.readValue(json, FeatureTransform.class);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MlopsClientException client) {
                throw client;
            }
            throw new MlopsClientException("Not a FeatureTransform document: " + e.getOriginalMessage(), e,
                    Map.of());
        }
    }

    /**
     * Writes {@link #toJson()} to a file, replacing it.
     *
     * @param file the target, conventionally {@code <dir>/}{@value #FILE_NAME}
     * @throws MlopsClientException if the file cannot be written
     */
    public void write(Path file) {
        try {
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new MlopsClientException("Cannot write feature transform to " + file + ": " + e.getMessage(), e,
                    Map.of("file", file.toString()));
        }
    }

    /**
     * Reads a transform from a file written by {@link #write(Path)}.
     *
     * @param file the file
     * @return the transform
     * @throws MlopsClientException if the file cannot be read or is not a transform document
     */
    public static FeatureTransform read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new MlopsClientException("Cannot read feature transform " + file + ": " + e.getMessage(), e,
                    Map.of("file", file.toString()));
        }
        try {
            return fromJson(text);
        } catch (ValidationException e) {
            throw e;
        } catch (MlopsClientException e) {
            throw new MlopsClientException(file + ": " + e.getMessage(), e, Map.of("file", file.toString()));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureTransform other && numeric.equals(other.numeric)
                && categorical.equals(other.categorical);
    }

    @Override
    public int hashCode() {
        return 31 * numeric.hashCode() + categorical.hashCode();
    }

    @Override
    public String toString() {
        return "FeatureTransform" + inputColumns + " -> " + outputColumns;
    }
}
